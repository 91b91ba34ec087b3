import { afterEach, describe, expect, it } from 'vitest';
import { backfillConnectedAccount } from '../../src/jobs/backfill.ts';
import { runJob } from '../../src/jobs/run-job.ts';
import { CallCounter } from '../../src/http/call-counter.ts';
import { recentRuns } from '../../src/store/job-runs.ts';
import { type Harness, startHarness } from '../helpers/harness.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('runJob: the one job lifecycle', () => {
  it('keeps a row with the outcome, the calls made during the run (each counter once) and the summary', async () => {
    h = await startHarness();
    const counter = new CallCounter();
    counter.record('spotify', 'GET /before'); // made before the run: not the run's
    const { report, value } = await runJob(
      'forward',
      { db: h.db, clock: h.clock, counters: [counter, counter] },
      { userId: 'demo-alice', summary: (r, n: number) => `${n} thing(s), ${r.counts.things} counted` },
      async (r) => {
        counter.record('spotify', 'GET /during');
        r.counts.things = 3;
        r.errors.push('one went wrong');
        return 3;
      },
    );
    expect(value).toBe(3);
    expect(report.outcome).toBe('partial'); // errors and no outcome of its own
    const [row] = await recentRuns(h.db, { job: 'forward' });
    expect(row?.outcome).toBe('partial');
    expect(row?.user_id).toBe('demo-alice');
    expect(row?.summary).toBe('3 thing(s), 3 counted');
    expect(JSON.parse(row!.api_calls!)).toEqual({ 'spotify GET /during': 1 });
  });

  it('records a failed run when the body throws, and throws on', async () => {
    h = await startHarness();
    await expect(
      runJob('resolve', { db: h.db, clock: h.clock }, { saveAtStart: true }, async () => {
        throw new Error('the catalog went away');
      }),
    ).rejects.toThrow('the catalog went away');
    const rows = await recentRuns(h.db, { job: 'resolve' });
    expect(rows).toHaveLength(1); // the `running` row was replaced, not duplicated
    expect(rows[0]?.outcome).toBe('failed');
    expect(JSON.parse(rows[0]!.errors!)).toEqual(['the catalog went away']);
  });

  it('leaves no row when keep says so, and keeps the outcome the body set', async () => {
    h = await startHarness();
    const { report } = await runJob(
      'listen-log',
      { db: h.db, clock: h.clock },
      { keep: () => false },
      async (r) => {
        r.outcome = 'deferred';
      },
    );
    expect(report.outcome).toBe('deferred');
    expect(await recentRuns(h.db, { job: 'listen-log' })).toEqual([]);
  });
});

describe('the connect-then-backfill run', () => {
  it('is a run of its own on the Status page, with the plays it added', async () => {
    h = await startHarness();
    await h.connect('demo-alice');
    const report = await backfillConnectedAccount(
      { db: h.db, spotify: h.services.spotify.client, clock: h.clock, logger: h.logger },
      'demo-alice',
      h.captureOptions,
    );
    expect(report.counts.plays_added).toBeGreaterThan(0);
    const [row] = await recentRuns(h.db, { job: 'backfill' });
    expect(row?.user_id).toBe('demo-alice');
    expect(row?.outcome).toBe('ok');
    expect(row?.summary).toBe(`${report.counts.plays_added} recent play(s) backfilled`);
    expect(Object.keys(JSON.parse(row!.api_calls!))).toEqual(['spotify GET /me/player/recently-played']);
  });
});
