import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningLastfmSim, startLastfmSim } from '../../sim/lastfm/index.ts';
import { type RunningListenBrainzSim, startListenBrainzSim } from '../../sim/listenbrainz/index.ts';
import { type Config, loadConfig } from '../../src/config/config.ts';
import { createForwardRuntime, type ForwardRuntime } from '../../src/forward/runtime.ts';
import { runForward } from '../../src/jobs/forward.ts';
import { saveTarget } from '../../src/forward/targets.ts';
import type { Db } from '../../src/store/db.ts';
import { openStore } from '../../src/store/open.ts';
import { upsertUser } from '../../src/store/users.ts';
import { ManualClock } from '../../src/util/clock.ts';
import { silentLogger } from '../../src/util/logger.ts';
import { TEST_SECRET_KEY } from '../helpers/harness.ts';

export const START = Date.UTC(2026, 10, 2, 12);
export const LB_TOKEN = 'lb-token-0b6c3f0e-must-not-leak';
export const LFM_SESSION = 'lfm-session-key-must-not-leak';

/** encore's database, both simulators over HTTP, and a manual clock they all share. */
export interface ForwardWorld {
  dir: string;
  config: Config;
  env: Record<string, string>;
  clock: ManualClock;
  db: Db;
  lb: RunningListenBrainzSim;
  fm: RunningLastfmSim;
  runtime: ForwardRuntime;
  run(options?: { userId?: string; sinceMs?: number }): ReturnType<typeof runForward>;
  addTarget(userId: string, kind: 'listenbrainz' | 'lastfm', sinceMs?: number): Promise<string>;
  reopen(): Promise<void>;
  close(): Promise<void>;
}

export async function startForwardWorld(): Promise<ForwardWorld> {
  const dir = mkdtempSync(join(tmpdir(), 'encore-forward-'));
  const clock = new ManualClock(START);
  const lb = await startListenBrainzSim({ tokens: { [LB_TOKEN]: 'anna-lb' }, now: () => clock.now() });
  const fm = await startLastfmSim({
    apiKeys: { 'fm-key': 'fm-secret-must-not-leak' },
    sessions: { [LFM_SESSION]: 'anna-fm' },
    now: () => clock.now(),
  });
  const env = {
    ENCORE_DATA_DIR: dir,
    ENCORE_SECRET_KEY: TEST_SECRET_KEY,
    ENCORE_DEMO: 'true',
    LISTENBRAINZ_API_URL: lb.url,
    LASTFM_API_URL: fm.url,
    LASTFM_AUTH_URL: fm.authUrl,
    LASTFM_API_KEY: 'fm-key',
    LASTFM_API_SECRET: 'fm-secret-must-not-leak',
  };
  const config = loadConfig({ env, dotenvPath: null, cwd: dir });
  const w = { dir, config, env, clock, lb, fm } as unknown as ForwardWorld;
  w.db = await openStore(config.dbPath);
  w.runtime = createForwardRuntime({ config, clock, logger: silentLogger, backoffBaseMs: 50 });
  await upsertUser(w.db, { userId: 'anna' });
  w.run = (options) => runForward({ db: w.db, clock, logger: silentLogger, runtime: w.runtime }, options);
  w.addTarget = async (userId, kind, sinceMs = START - 30 * 86_400_000) => {
    const secret = kind === 'listenbrainz' ? LB_TOKEN : LFM_SESSION;
    const remoteUser = kind === 'listenbrainz' ? 'anna-lb' : 'anna-fm';
    const saved = await saveTarget(
      w.db,
      { userId, kind, remoteUser, secretEnc: w.runtime.cipher.encrypt(secret), sinceMs },
      clock.now(),
    );
    return saved.targetId;
  };
  w.reopen = async () => {
    w.db = await openStore(config.dbPath);
  };
  w.close = async () => {
    await w.db.close().catch(() => undefined);
    await lb.close();
    await fm.close();
  };
  return w;
}

/** Inserts `count` plays for the account, one every `gapMs`, ending at `lastAtMs`. */
export async function addPlays(
  db: Db,
  userId: string,
  count: number,
  options: {
    lastAtMs?: number;
    gapMs?: number;
    source?: string;
    artist?: string | null;
    prefix?: string;
  } = {},
): Promise<number[]> {
  const gap = options.gapMs ?? 200_000;
  const last = options.lastAtMs ?? START - 60_000;
  const times: number[] = [];
  const rows: string[] = [];
  const params: Array<string | number | null> = [];
  for (let i = 0; i < count; i++) {
    const at = last - (count - 1 - i) * gap;
    times.push(at);
    rows.push('(?, ?, make_timestamptz(?::BIGINT * 1000), ?, ?, ?, ?, ?, ?)');
    const name = `${options.prefix ?? 'Song'} ${i}`;
    params.push(
      userId,
      `name:${name}@${at}`,
      at,
      name,
      options.artist === undefined ? 'Artist' : options.artist,
      'Album',
      180_000,
      'export',
      options.source ?? 'recently_played',
    );
  }
  for (let i = 0; i < rows.length; i += 500) {
    await db.run(
      `INSERT INTO plays (user_id, track_key, played_at, track_name, artist_name, album_name, ms_played, ms_played_source, source)
       VALUES ${rows.slice(i, i + 500).join(', ')}`,
      params.slice(i * 9, (i + 500) * 9),
    );
  }
  return times;
}
