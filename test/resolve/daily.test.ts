import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEncore } from '../../src/cli/serve.ts';
import { openAppContext } from '../../src/app/context.ts';
import { loadConfig } from '../../src/config/config.ts';
import { DAILY_KEY, DAY_MS, FIRST_RUN_DELAY_MS, runDailyResolve } from '../../src/jobs/resolve.ts';
import { openResolveClients } from '../../src/app/resolve-clients.ts';
import { readState } from '../../src/store/sync-state.ts';
import { memoryLogger } from '../../src/util/logger.ts';
import { namedPlay, playOf, type ResolveWorld, spotifyCalls, startResolveWorld } from './helpers.ts';

let w: ResolveWorld | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

describe('the daily resolve in encore serve', () => {
  it('runs once a day (first a little after start) within ENCORE_RESOLVE_DAILY_BUDGET calls', async () => {
    w = await startResolveWorld({ ENCORE_RESOLVE_DAILY_BUDGET: '4' });
    const tracks = w.catalog.tracks.slice(0, 6);
    await w.importRows(
      tracks.map((t) => playOf(w!.catalog, t)),
      [namedPlay('Yes', 'Roundabout')],
    );
    const h = w.h;
    const deps = {
      db: h.db,
      clock: h.clock,
      logger: h.logger,
      tokens: h.services.spotify.tokens,
      dailyBudget: h.config.resolve.dailyBudget,
      openClients: () => openResolveClients(h, h.services),
    };

    expect(await runDailyResolve(deps)).toBeUndefined(); // right after the first start: not yet
    expect(spotifyCalls(w).all).toBe(0);

    w.h.clock.advance(FIRST_RUN_DELAY_MS);
    const first = await runDailyResolve(deps);
    expect(first?.outcome).toBe('partial');
    expect(spotifyCalls(w).all).toBe(4);

    w.h.clock.advance(DAY_MS / 2);
    expect(await runDailyResolve(deps)).toBeUndefined();
    expect(spotifyCalls(w).all).toBe(4);

    w.h.clock.advance(DAY_MS / 2);
    const second = await runDailyResolve(deps);
    expect(second?.counts.tracks_resolved).toBe(2);
    expect(spotifyCalls(w).all).toBe(8);

    const runs = await w.h.db.all<{ outcome: string }>(
      "SELECT outcome FROM job_runs WHERE job = 'resolve' ORDER BY started_at",
    );
    expect(runs.map((r) => r.outcome)).toEqual(['partial', 'partial']);
  });

  it('stays off with a budget of 0', async () => {
    w = await startResolveWorld({ ENCORE_RESOLVE_DAILY_BUDGET: '0' });
    await w.importRows([playOf(w.catalog, w.catalog.tracks[0]!)]);
    const h = w.h;
    const deps = {
      db: h.db,
      clock: h.clock,
      logger: h.logger,
      tokens: h.services.spotify.tokens,
      dailyBudget: h.config.resolve.dailyBudget,
      openClients: () => openResolveClients(h, h.services),
    };
    w.h.clock.advance(2 * DAY_MS);
    expect(await runDailyResolve(deps)).toBeUndefined();
    w.h.clock.advance(2 * DAY_MS);
    expect(await runDailyResolve(deps)).toBeUndefined();
    expect(spotifyCalls(w).all).toBe(0);
  });
});

describe('encore serve', () => {
  it('schedules the daily resolve next to capture', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'encore-serve-resolve-'));
    const config = loadConfig({
      env: { ENCORE_DATA_DIR: dir, ENCORE_SECRET_KEY: Buffer.alloc(32, 4).toString('base64') },
      dotenvPath: null,
      cwd: dir,
    });
    const ctx = await openAppContext({ config, logger: memoryLogger({ demo: true }) });
    const encore = await startEncore(ctx, { port: 0, tickMs: 3_600_000, firstDemoShowsSync: false });
    try {
      // The first tick only plans the first run (a little after start); it makes no call.
      let result = await encore.scheduler.trigger('resolve');
      while (result.status === 'busy') {
        await new Promise((resolve) => setTimeout(resolve, 5));
        result = await encore.scheduler.trigger('resolve');
      }
      expect(result).toEqual({ status: 'ran' });
      const planned = await readState<number>(ctx.db, DAILY_KEY);
      expect(planned).toBeGreaterThan(Date.now() - DAY_MS);
      expect(planned).toBeLessThanOrEqual(Date.now() - DAY_MS + FIRST_RUN_DELAY_MS);
    } finally {
      await encore.stop();
      await ctx.close();
    }
  });
});
