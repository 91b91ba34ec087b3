/**
 * Forward benchmark: a week of plays for 3 users, forwarded once a day (as the scheduled job
 * catches up) to the ListenBrainz and Last.fm simulators over real HTTP, with 429s and 5xx
 * injected on both. Prints what the simulators counted: plays delivered to every target,
 * duplicates they received, requests they answered, and dead letters left in encore.
 *
 * `delivered` counts plays that reached every target of their account; `duplicates` are
 * listens/scrobbles a simulator received a second time.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LastfmSimState, startLastfmSim } from '../sim/lastfm/index.ts';
import { type ListenBrainzSimState, startListenBrainzSim } from '../sim/listenbrainz/index.ts';
import { loadConfig } from '../src/config/config.ts';
import { createForwardRuntime } from '../src/forward/runtime.ts';
import { runForward } from '../src/jobs/forward.ts';
import { saveTarget } from '../src/forward/targets.ts';
import type { Db } from '../src/store/db.ts';
import { openStore } from '../src/store/open.ts';
import { upsertUser } from '../src/store/users.ts';
import { ManualClock } from '../src/util/clock.ts';
import { silentLogger } from '../src/util/logger.ts';

const DAY = 86_400_000;
const START = Date.UTC(2026, 9, 5); // a Monday, 00:00 UTC
const USERS = ['alice', 'bob', 'chen'];
const SEED = Number(process.env.BENCH_SEED ?? 2026);

/** Small deterministic PRNG (mulberry32), so every run measures the same week. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One day of listening for a user: 4–6 sessions of back-to-back tracks (2–6 min each), all ended by midnight. */
function dayOfPlays(user: string, dayStart: number, random: () => number) {
  const plays: Array<{ at: number; ms: number; track: string; artist: string }> = [];
  const sessions = 4 + Math.floor(random() * 3);
  for (let s = 0; s < sessions; s++) {
    let t = dayStart + (7 + s * 2.6 + random()) * 3_600_000;
    const length = 14 + Math.floor(random() * 12);
    for (let i = 0; i < length; i++) {
      const ms = Math.round((120 + random() * 240) * 1000);
      if (t + ms >= dayStart + DAY) break;
      t += ms;
      const n = Math.floor(random() * 400);
      plays.push({ at: t, ms, track: `Track ${n}`, artist: `Artist ${n % 60}` });
    }
  }
  return plays.map((p, i) => ({ ...p, key: `${user}:${dayStart}:${i}` }));
}

async function insertDay(db: Db, user: string, plays: ReturnType<typeof dayOfPlays>): Promise<void> {
  for (let i = 0; i < plays.length; i += 400) {
    const chunk = plays.slice(i, i + 400);
    await db.run(
      `INSERT INTO plays (user_id, track_key, played_at, track_name, artist_name, album_name, ms_played, ms_played_source, source)
       VALUES ${chunk.map(() => "(?, ?, make_timestamptz(?::BIGINT * 1000), ?, ?, 'Album', ?, 'measured', 'recently_played')").join(', ')}`,
      chunk.flatMap((p) => [user, p.key, p.at, p.track, p.artist, p.ms]),
    );
  }
}

/** Both targets for every user, forwarding from the start of the week. */
async function addTargets(db: Db, runtime: ReturnType<typeof createForwardRuntime>): Promise<void> {
  for (const user of USERS) {
    await upsertUser(db, { userId: user });
    for (const kind of ['listenbrainz', 'lastfm'] as const) {
      const secret = kind === 'listenbrainz' ? `lb-${user}` : `sk-${user}`;
      const remoteUser = kind === 'listenbrainz' ? `${user}-lb` : `${user}-fm`;
      const secretEnc = runtime.cipher.encrypt(secret);
      await saveTarget(db, { userId: user, kind, remoteUser, secretEnc, sinceMs: START }, START);
    }
  }
}

function injectFaults(lb: ListenBrainzSimState, fm: LastfmSimState): void {
  // Faults spread over the week: 429s (ListenBrainz's window, Last.fm's error 29) and 5xx.
  lb.faults.inject('rate_limit', { after: 2, times: 2 });
  lb.faults.inject('server_error', { after: 6 });
  lb.faults.inject('unavailable', { after: 11 });
  fm.faults.inject('rate_limit', { after: 5, times: 2 });
  fm.faults.inject('unavailable', { after: 14 });
  fm.faults.inject('offline', { after: 22 });
  fm.faults.inject('server_error', { after: 30 });
}

async function main(): Promise<void> {
  const clock = new ManualClock(START);
  const random = rng(SEED);
  const tokens = Object.fromEntries(USERS.map((u) => [`lb-${u}`, `${u}-lb`]));
  const sessions = Object.fromEntries(USERS.map((u) => [`sk-${u}`, `${u}-fm`]));
  const lb = await startListenBrainzSim({ tokens, now: () => clock.now() });
  const fm = await startLastfmSim({
    apiKeys: { 'bench-key': 'bench-secret' },
    sessions,
    now: () => clock.now(),
  });
  const dir = mkdtempSync(join(tmpdir(), 'encore-bench-forward-'));
  const config = loadConfig({
    env: {
      ENCORE_DATA_DIR: dir,
      ENCORE_SECRET_KEY: Buffer.alloc(32, 5).toString('base64'),
      ENCORE_DEMO: 'true',
      LISTENBRAINZ_API_URL: lb.url,
      LASTFM_API_URL: fm.url,
      LASTFM_API_KEY: 'bench-key',
      LASTFM_API_SECRET: 'bench-secret',
    },
    dotenvPath: null,
    cwd: dir,
  });
  const db = await openStore(config.dbPath);
  const runtime = createForwardRuntime({ config, clock, logger: silentLogger });
  await addTargets(db, runtime);
  injectFaults(lb.state, fm.state);

  let plays = 0;
  const wall = performance.now();
  for (let day = 0; day < 7; day++) {
    for (const user of USERS) {
      const today = dayOfPlays(user, START + day * DAY, random);
      await insertDay(db, user, today);
      plays += today.length;
    }
    clock.set(START + (day + 1) * DAY); // the day's plays have all ended
    const report = await runForward({ db, clock, logger: silentLogger, runtime });
    console.log(`day ${day + 1}: ${report.summary} (${report.outcome})`);
  }
  const again = await runForward({ db, clock, logger: silentLogger, runtime });
  console.log(`re-run: ${again.summary}`);
  const seconds = (performance.now() - wall) / 1000;

  const everywhere = await db.one<{ n: number }>(
    `SELECT count(*) AS n FROM (SELECT user_id, track_key, played_at FROM forward_delivered
       GROUP BY ALL HAVING count(DISTINCT target_id) = 2)`,
  );
  const dead = await db.one<{ n: number }>('SELECT count(*) AS n FROM forward_dead_letters');
  const requests = lb.state.requestLog.length + fm.state.requestLog.length;
  console.log(
    `listenbrainz: ${lb.state.received.length} listens in ${lb.state.batches.length} submissions; lastfm: ${fm.state.scrobbles.length} scrobbles in ${fm.state.batches.length} batches (max ${Math.max(...fm.state.batches.map((b) => b.size))})`,
  );
  console.log(
    `wall time ${seconds.toFixed(2)} s (simulated clock: Retry-After and backoff waits are not slept)`,
  );
  console.log(
    `forward plays=${plays} delivered=${everywhere?.n ?? 0} duplicates=${lb.state.duplicates + fm.state.duplicates} requests=${requests} dead_letters=${dead?.n ?? 0}`,
  );
  await db.close();
  await lb.close();
  await fm.close();
}

await main();
