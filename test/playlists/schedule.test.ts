import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startScheduler, type Scheduler, type TriggerResult } from '../../src/app/scheduler.ts';
import { createWeeklyShowsTask, parseShowsCron, SHOWS_TASK } from '../../src/app/shows-schedule.ts';
import { ConfigError } from '../../src/config/config.ts';
import { newRunReport } from '../../src/store/job-runs.ts';
import type { Db } from '../../src/store/db.ts';
import { openStore } from '../../src/store/open.ts';
import { ManualClock } from '../../src/util/clock.ts';
import { memoryLogger } from '../../src/util/logger.ts';

let db: Db;
beforeEach(async () => {
  db = await openStore(join(mkdtempSync(join(tmpdir(), 'encore-sched-')), 'encore.duckdb'));
});
afterEach(async () => {
  await db.close();
});

/** Saturday 2026-11-21 12:00 UTC; Monday 06:00 in New York is 11:00 UTC (EST). */
const SATURDAY = Date.UTC(2026, 10, 21, 12);
const MONDAY_6_NY = Date.UTC(2026, 10, 23, 11);

function setup(options: { failSync?: boolean } = {}) {
  const clock = new ManualClock(SATURDAY);
  const calls: string[] = [];
  const deps = {
    db,
    clock,
    logger: memoryLogger(),
    cron: '0 6 * * 1',
    timeZone: 'America/New_York',
    syncShows: async () => {
      calls.push(`sync@${new Date(clock.now()).toISOString()}`);
      if (options.failSync) throw new Error('ticketmaster down');
    },
    refreshPlaylists: async () => {
      calls.push(`refresh@${new Date(clock.now()).toISOString()}`);
      return { ...newRunReport('playlist-refresh', null, clock.now()), summary: 'ok' };
    },
  };
  return { clock, calls, deps, task: createWeeklyShowsTask(deps) };
}

describe('weekly shows task', () => {
  it('runs sync then refresh at the cron time in the user zone, once per week', async () => {
    const { clock, calls, task } = setup();
    await task.run(); // the first start only records a baseline
    expect(calls).toEqual([]);
    clock.set(MONDAY_6_NY - 60_000);
    await task.run();
    expect(calls).toEqual([]);
    clock.set(MONDAY_6_NY + 15_000);
    await task.run();
    await task.run();
    expect(calls).toEqual(['sync@2026-11-23T11:00:15.000Z', 'refresh@2026-11-23T11:00:15.000Z']);
    clock.set(MONDAY_6_NY + 7 * 86_400_000);
    await task.run();
    expect(calls).toHaveLength(4);
  });

  it('catches up a week missed while encore was stopped, in a new process', async () => {
    const first = setup();
    await first.task.run();
    const later = setup();
    later.clock.set(MONDAY_6_NY + 3 * 86_400_000);
    await later.task.run();
    expect(later.calls).toEqual(['sync@2026-11-26T11:00:00.000Z', 'refresh@2026-11-26T11:00:00.000Z']);
  });

  it('refreshes the playlists even when the sync fails', async () => {
    const { clock, calls, task, deps } = setup({ failSync: true });
    await task.run();
    clock.set(MONDAY_6_NY);
    await task.run();
    expect(calls.map((c) => c.split('@')[0])).toEqual(['sync', 'refresh']);
    expect((deps.logger as ReturnType<typeof memoryLogger>).lines.join('\n')).toContain('ticketmaster down');
  });

  it('runs at once when triggered (POST /jobs/shows-weekly), and the next tick waits for the next cron time', async () => {
    const { clock, calls, task, deps } = setup();
    const scheduler = startScheduler([task], { tickMs: 3_600_000, logger: deps.logger });
    try {
      // The scheduler's first tick (the baseline) is under way: a trigger never overlaps it,
      // it answers 'busy' (POST /jobs answers 503 + Retry-After) and starts nothing.
      expect(await scheduler.trigger(SHOWS_TASK)).toEqual({ status: 'busy' });
      expect(calls).toEqual([]);
      expect((await triggerWhenIdle(scheduler, SHOWS_TASK)).status).toBe('ran');
      expect(calls).toEqual(['sync@2026-11-21T12:00:00.000Z', 'refresh@2026-11-21T12:00:00.000Z']);
      clock.set(MONDAY_6_NY - 1);
      await task.run();
      expect(calls).toHaveLength(2);
      clock.set(MONDAY_6_NY);
      await task.run();
      expect(calls).toHaveLength(4);
    } finally {
      await scheduler.stop();
    }
  });

  it('refuses a malformed ENCORE_SHOWS_CRON naming the setting', () => {
    expect(() => parseShowsCron('every monday', 'UTC')).toThrow(ConfigError);
    expect(() => parseShowsCron('every monday', 'UTC')).toThrow(
      /^ENCORE_SHOWS_CRON "every monday" is not a cron expression/,
    );
  });
});

/** Triggers a task as soon as the one already running (the first tick) has finished. */
async function triggerWhenIdle(scheduler: Scheduler, name: string): Promise<TriggerResult> {
  for (;;) {
    const result = await scheduler.trigger(name);
    if (result.status !== 'busy') return result;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
