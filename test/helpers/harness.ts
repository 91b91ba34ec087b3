import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type SpotifySim, type SpotifySimOptions, startSpotifySim } from '../../sim/spotify/index.ts';
import { connectSimulatedUser } from '../../src/app/demo/auto-connect.ts';
import { createServices, type Services } from '../../src/app/services.ts';
import type { AppContext } from '../../src/app/context.ts';
import { type Config, loadConfig } from '../../src/config/config.ts';
import type { CaptureOptions } from '../../src/capture/capture-user.ts';
import type { Db } from '../../src/store/db.ts';
import { openStore } from '../../src/store/open.ts';
import { ManualClock } from '../../src/util/clock.ts';
import { memoryLogger } from '../../src/util/logger.ts';
import { createProgress } from '../../src/util/progress.ts';

export const TEST_SECRET_KEY = Buffer.alloc(32, 7).toString('base64');

export interface Harness {
  dir: string;
  config: Config;
  clock: ManualClock;
  sim: SpotifySim;
  db: Db;
  ctx: AppContext;
  services: Services;
  logger: ReturnType<typeof memoryLogger>;
  captureOptions: CaptureOptions;
  connect(simUserId: string): Promise<void>;
  reopen(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The real parts, wired as encore wires them: the Spotify simulator over HTTP on
 * 127.0.0.1, a DuckDB file in a temp folder, encrypted tokens, the capture job — with
 * a manual clock shared by encore and the simulator.
 */
export async function startHarness(
  options: { start?: number; sim?: SpotifySimOptions; env?: Record<string, string> } = {},
): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'encore-it-'));
  const clock = new ManualClock(options.start ?? Date.UTC(2026, 10, 2, 12));
  const sim = await startSpotifySim({ clock, seed: 11, ...options.sim });
  const config = loadConfig({
    env: { ENCORE_DATA_DIR: dir, ENCORE_SECRET_KEY: TEST_SECRET_KEY, ENCORE_DEMO: 'true', ...options.env },
    dotenvPath: null,
    cwd: dir,
  });
  const logger = memoryLogger({ demo: true });
  const h = { dir, config, clock, sim, logger } as Harness;
  const open = async () => {
    h.db = await openStore(config.dbPath);
    h.ctx = { config, db: h.db, logger, clock, progress: () => createProgress(), close: () => h.db.close() };
    h.services = await createServices(h.ctx, { sim });
  };
  await open();
  h.captureOptions = {
    activeIntervalMs: config.capture.activeIntervalMs,
    idleMaxIntervalMs: config.capture.idleMaxIntervalMs,
  };
  h.connect = async (simUserId) => {
    await connectSimulatedUser({ db: h.db, services: h.services, clock }, simUserId);
  };
  h.reopen = async () => {
    await h.db.close();
    await open();
  };
  h.close = async () => {
    await h.db.close().catch(() => undefined);
    await sim.close();
  };
  return h;
}

export async function storedPlays(db: Db, userId: string) {
  return db.all<{ track_id: string; played_at: Date; ms_played: number; ms_played_source: string }>(
    'SELECT track_id, played_at, ms_played, ms_played_source FROM plays WHERE user_id = ? ORDER BY played_at',
    [userId],
  );
}
