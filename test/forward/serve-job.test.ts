import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningListenBrainzSim, startListenBrainzSim } from '../../sim/listenbrainz/index.ts';
import { type RunningEncore, startEncore } from '../../src/cli/serve.ts';
import { type AppContext, openAppContext } from '../../src/app/context.ts';
import { loadConfig } from '../../src/config/config.ts';
import { createForwardRuntime } from '../../src/forward/runtime.ts';
import { saveTarget } from '../../src/forward/targets.ts';
import { memoryLogger } from '../../src/util/logger.ts';
import { addPlays } from './world.ts';

const JOB_SECRET = 'job-secret-for-forward-0001';
let ctx: AppContext;
let encore: RunningEncore;
let lb: RunningListenBrainzSim;

beforeAll(async () => {
  lb = await startListenBrainzSim({ tokens: { 'serve-lb-token': 'bob-lb' } });
  const dir = mkdtempSync(join(tmpdir(), 'encore-serve-forward-'));
  const config = loadConfig({
    env: {
      ENCORE_DATA_DIR: dir,
      ENCORE_SECRET_KEY: Buffer.alloc(32, 6).toString('base64'),
      ENCORE_JOB_SECRET: JOB_SECRET,
      ENCORE_SCHEDULER: 'external',
      LISTENBRAINZ_API_URL: lb.url,
    },
    dotenvPath: null,
    cwd: dir,
  });
  ctx = await openAppContext({ config, logger: memoryLogger({ demo: true }) });
  encore = await startEncore(ctx, { port: 0, tickMs: 3_600_000, firstDemoShowsSync: false });
}, 120_000);

afterAll(async () => {
  await encore?.stop();
  await ctx?.close();
  await lb?.close();
});

describe('the forward job in encore serve', () => {
  it('runs on POST /jobs/forward, answers with its report and records the run', async () => {
    const runtime = createForwardRuntime(ctx);
    // From now on only: the months of demo history stay where they are.
    const since = Date.now() - 1000;
    await saveTarget(
      ctx.db,
      {
        userId: 'demo-bob',
        kind: 'listenbrainz',
        remoteUser: 'bob-lb',
        secretEnc: runtime.cipher.encrypt('serve-lb-token'),
        sinceMs: since,
      },
      Date.now(),
    );
    await addPlays(ctx.db, 'demo-bob', 4, { prefix: 'Served', lastAtMs: Date.now(), gapMs: 100 });
    const res = await fetch(`${encore.web.url}/jobs/forward`, {
      method: 'POST',
      headers: { authorization: `Bearer ${JOB_SECRET}` },
    });
    expect(res.status).toBe(200);
    const report = (await res.json()) as { job: string; outcome: string; counts: Record<string, number> };
    expect(report).toMatchObject({ job: 'forward', outcome: 'ok' });
    expect(report.counts.delivered).toBe(4);
    expect(lb.state.received.map((l) => l.track)).toEqual(['Served 0', 'Served 1', 'Served 2', 'Served 3']);
    const runs = await ctx.db.all<{ user_id: string; outcome: string }>(
      "SELECT user_id, outcome FROM job_runs WHERE job = 'forward'",
    );
    expect(runs).toEqual([{ user_id: 'demo-bob', outcome: 'ok' }]);
  });
});
