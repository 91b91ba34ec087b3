import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEncore, startEncore } from '../../src/cli/serve.ts';
import { type AppContext, openAppContext } from '../../src/app/context.ts';
import { loadConfig } from '../../src/config/config.ts';
import { memoryLogger } from '../../src/util/logger.ts';

const JOB_SECRET = 'job-secret-for-tests-0001';
let ctx: AppContext;
let encore: RunningEncore;
const logger = memoryLogger({ demo: true });

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'encore-serve-'));
  const config = loadConfig({
    env: {
      ENCORE_DATA_DIR: dir,
      ENCORE_SECRET_KEY: Buffer.alloc(32, 5).toString('base64'),
      ENCORE_JOB_SECRET: JOB_SECRET,
    },
    dotenvPath: null,
    cwd: dir,
  });
  ctx = await openAppContext({ config, logger });
  encore = await startEncore(ctx, { port: 0, tickMs: 3_600_000, firstDemoShowsSync: false });
});

afterAll(async () => {
  await encore?.stop();
  await ctx?.close();
});

const trigger = (name: string) =>
  fetch(`${encore.web.url}/jobs/${name}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${JOB_SECRET}` },
  });

describe('encore serve (demo mode)', () => {
  it('binds 127.0.0.1 and labels demo data on the page and in every log line', async () => {
    expect(encore.web.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await fetch(`${encore.web.url}/signin`);
    const body = await response.text();
    expect(response.status).toBe(200);
    expect(body).toContain('Demo data');
    for (const name of ['Alice (demo)', 'Bob (demo)', 'Chen (demo)']) expect(body).toContain(name);
    expect(logger.lines.length).toBeGreaterThan(0);
    expect(logger.lines.every((line) => line.startsWith('[demo] '))).toBe(true);
  });

  it('signs an account in through the browser flow (login → authorize → callback)', async () => {
    const login = await fetch(`${encore.web.url}/login`, { redirect: 'manual' });
    expect(login.status).toBe(302);
    // The attempt is bound to this browser by a short-lived cookie (no login CSRF).
    const bound = login.headers.getSetCookie().find((c) => c.startsWith('encore_login='))!;
    const cookie = bound.split(';')[0]!;
    const authorize = new URL(login.headers.get('location')!);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    authorize.searchParams.set('sim_user', 'demo-chen');
    const consent = await fetch(authorize, { redirect: 'manual' });
    const callback = new URL(consent.headers.get('location')!);
    const local = new URL(`${callback.pathname}${callback.search}`, encore.web.url);
    const done = await fetch(local, { redirect: 'manual', headers: { cookie } });
    expect(done.status).toBe(302);
    expect(done.headers.get('location')).toBe('/');
    expect(done.headers.getSetCookie().some((c) => c.startsWith('encore_session='))).toBe(true);
    const replay = await fetch(local, { redirect: 'manual', headers: { cookie } });
    expect(replay.status).toBe(400); // a callback works once
  });

  it('requires the bearer secret on job triggers', async () => {
    const anonymous = await fetch(`${encore.web.url}/jobs/capture`, { method: 'POST' });
    expect(anonymous.status).toBe(401);
    const wrong = await fetch(`${encore.web.url}/jobs/capture`, {
      method: 'POST',
      headers: { authorization: 'Bearer nope' },
    });
    expect(wrong.status).toBe(401);
    // The capture pass started with the server may still run: that answers 503 + Retry-After.
    let ok = await trigger('capture');
    for (let i = 0; ok.status === 503 && i < 100; i++) {
      expect(ok.headers.get('retry-after')).toBeTruthy();
      await new Promise((r) => setTimeout(r, 100));
      ok = await trigger('capture');
    }
    expect(ok.status).toBe(200);
    const report = await ok.json();
    expect(report.job).toBe('listen-log');
    const unknown = await fetch(`${encore.web.url}/jobs/nothing`, {
      method: 'POST',
      headers: { authorization: `Bearer ${JOB_SECRET}` },
    });
    expect(unknown.status).toBe(404);
  });
});
