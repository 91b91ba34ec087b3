import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ScheduledTask, startScheduler, type Scheduler } from '../../src/app/scheduler.ts';
import { newRunReport, type RunReport } from '../../src/store/job-runs.ts';
import { createWebApp, type RunningWeb, startWebServer } from '../../src/web/server.ts';
import { type Harness, startHarness } from '../helpers/harness.ts';

const JOB_SECRET = 'runtime-job-secret-0042';
const INVOKER = 'encore-scheduler@demo-project.iam.gserviceaccount.com';

let h: Harness;
let web: RunningWeb;
let scheduler: Scheduler;
/** Lets the `slow` task finish once the test has seen it busy. */
let releaseSlow: () => void = () => {};

function report(job: string, outcome: RunReport['outcome'], extra: Partial<RunReport> = {}): RunReport {
  return { ...newRunReport(job, null, h.clock.now()), outcome, finishedAt: h.clock.now(), ...extra };
}

/** Tasks that end each way a real job can end, run by the real scheduler. */
function tasks(): ScheduledTask[] {
  return [
    { name: 'fine', run: async () => report('fine', 'ok', { counts: { plays: 3 } }) },
    { name: 'quiet', run: async () => undefined },
    {
      name: 'broken',
      run: async () => report('broken', 'failed', { errors: ['Spotify answered 502 three times'] }),
    },
    {
      name: 'explode',
      run: async () => {
        throw new Error('store exploded');
      },
    },
    {
      name: 'quota',
      run: async () => report('quota', 'deferred', { resumeAt: h.clock.now() + 120_000 }),
    },
    { name: 'deferred-no-time', run: async () => report('deferred-no-time', 'deferred') },
    {
      name: 'slow',
      run: () =>
        new Promise<RunReport>((resolve) => {
          releaseSlow = () => resolve(report('slow', 'ok'));
        }),
    },
  ];
}

beforeAll(async () => {
  h = await startHarness({ env: { ENCORE_JOB_SECRET: JOB_SECRET, ENCORE_JOB_INVOKER: INVOKER } });
  scheduler = startScheduler(tasks(), { tickMs: 3_600_000, logger: h.logger, ticks: false });
  const app = createWebApp({
    config: h.config,
    db: h.db,
    services: h.services,
    clock: h.clock,
    logger: h.logger,
    scheduler,
  });
  web = await startWebServer(app, '127.0.0.1', 0);
});

afterAll(async () => {
  releaseSlow();
  await scheduler?.stop();
  await web?.close();
  await h?.close();
});

const post = (name: string, token: string | null = JOB_SECRET) =>
  fetch(`${web.url}/jobs/${name}`, {
    method: 'POST',
    headers: token === null ? {} : { authorization: `Bearer ${token}` },
  });

/** A token shaped like Cloud Scheduler's OIDC identity token (signature not checked by encore). */
function oidcToken(claims: Record<string, unknown>): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'RS256', typ: 'JWT' })}.${part(claims)}.c2lnbmF0dXJl`;
}

describe('POST /jobs/:name answers with the truth', () => {
  it('200 with the run report when the job ran, and for a task with nothing to report', async () => {
    const ok = await post('fine');
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ job: 'fine', outcome: 'ok', counts: { plays: 3 } });
    const quiet = await post('quiet');
    expect(quiet.status).toBe(200);
    expect(await quiet.json()).toEqual({ job: 'quiet', outcome: 'ok' });
  });

  it('500 with the report in the body when the job failed, and logs it as an error', async () => {
    const failed = await post('broken');
    expect(failed.status).toBe(500);
    const body = await failed.json();
    expect(body).toMatchObject({ job: 'broken', outcome: 'failed' });
    expect(body.errors).toEqual(['Spotify answered 502 three times']);
    expect(h.logger.lines.some((l) => l.includes('triggered job failed') && l.includes('broken'))).toBe(true);
  });

  it('500 with the error message when the job threw', async () => {
    const threw = await post('explode');
    expect(threw.status).toBe(500);
    expect(await threw.json()).toEqual({ error: 'store exploded', job: 'explode', outcome: 'failed' });
  });

  it('503 + Retry-After from the report when the job was deferred', async () => {
    const deferred = await post('quota');
    expect(deferred.status).toBe(503);
    expect(deferred.headers.get('retry-after')).toBe('120');
    expect(await deferred.json()).toMatchObject({ job: 'quota', outcome: 'deferred' });
    const noTime = await post('deferred-no-time');
    expect(noTime.status).toBe(503);
    expect(noTime.headers.get('retry-after')).toBe('60');
  });

  it('503 + Retry-After while the same job is already running; 200 once it finished', async () => {
    const first = post('slow');
    // Wait until the scheduler holds the run, then ask again.
    let second = await post('slow');
    for (let i = 0; second.status !== 503 && i < 50; i++) second = await post('slow');
    expect(second.status).toBe(503);
    expect(second.headers.get('retry-after')).toBe('60');
    expect(await second.json()).toMatchObject({ job: 'slow' });
    releaseSlow();
    expect((await first).status).toBe(200);
  });

  it('404 for a job that does not exist', async () => {
    const unknown = await post('nothing-here');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: 'unknown job "nothing-here"' });
  });
});

describe('who may trigger a job', () => {
  const inAnHour = () => Math.floor(h.clock.now() / 1000) + 3600;

  it('401 without a token and with a wrong bearer secret, never running the job', async () => {
    expect((await post('fine', null)).status).toBe(401);
    const wrong = await post('fine', 'not-the-secret');
    expect(wrong.status).toBe(401);
    const body = await wrong.text();
    expect(body).not.toContain(JOB_SECRET);
    expect(body).not.toContain('plays');
  });

  it('accepts a Cloud Scheduler OIDC token whose email is ENCORE_JOB_INVOKER', async () => {
    const token = oidcToken({ email: INVOKER.toUpperCase(), email_verified: true, exp: inAnHour() });
    const response = await post('fine', token);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ job: 'fine', outcome: 'ok' });
  });

  it('rejects an OIDC token for another account, an unverified email, or no email', async () => {
    const other = oidcToken({ email: 'someone@else.iam.gserviceaccount.com', exp: inAnHour() });
    expect((await post('fine', other)).status).toBe(401);
    const unverified = oidcToken({ email: INVOKER, email_verified: false, exp: inAnHour() });
    expect((await post('fine', unverified)).status).toBe(401);
    expect((await post('fine', oidcToken({ exp: inAnHour() }))).status).toBe(401);
    expect(h.logger.lines.some((l) => l.includes('token is not for ENCORE_JOB_INVOKER'))).toBe(true);
  });

  it('rejects an expired OIDC token and one without an expiry', async () => {
    const expired = oidcToken({ email: INVOKER, exp: Math.floor(h.clock.now() / 1000) - 1 });
    expect((await post('fine', expired)).status).toBe(401);
    expect((await post('fine', oidcToken({ email: INVOKER }))).status).toBe(401);
    expect(h.logger.lines.some((l) => l.includes('token expired'))).toBe(true);
    // The same token is accepted once the clock is back before its expiry: the clock decides.
    const soon = oidcToken({ email: INVOKER, exp: Math.floor(h.clock.now() / 1000) + 30 });
    expect((await post('fine', soon)).status).toBe(200);
    h.clock.advance(31_000);
    expect((await post('fine', soon)).status).toBe(401);
  });

  it('rejects a token that is not a JWT when only the invoker is set', async () => {
    expect((await post('fine', 'a.b')).status).toBe(401);
    expect((await post('fine', 'x.!!!.y')).status).toBe(401);
  });
});
