/**
 * Artist / album / track pages, search and rediscovery on a large history: 200,000 plays
 * per user for 2 users (about 10 years each) in a real DuckDB file, then the median time
 * of each read model for the first user's most played artist, track and album, a search,
 * on this day, forgotten favourites and the all-time listening clock.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  loadEntityPage,
  loadForgotten,
  loadListeningClock,
  loadOnThisDay,
  searchHistory,
} from '../src/analytics/index.ts';
import { openStore } from '../src/store/open.ts';
import { generateAnalyticsData } from './lib/analytics-data.ts';

const USERS = [
  { userId: 'bench-ada', timeZone: 'Europe/Berlin' },
  { userId: 'bench-ben', timeZone: 'America/Los_Angeles' },
];
const PLAYS_PER_USER = 200_000;
const END = Date.UTC(2026, 10, 1);
const NOW = END - 1;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function timed(rounds: number, work: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  return Math.round(median(times));
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'encore-bench-pages-'));
  const db = await openStore(join(dir, 'bench.duckdb'));
  try {
    await generateAnalyticsData(db, { users: USERS, playsPerUser: PLAYS_PER_USER, endMs: END });
    await db.run('CHECKPOINT');
    const plays = (await db.one<{ n: number }>('SELECT count(*)::INTEGER AS n FROM plays'))!.n;
    const user = USERS[0]!;
    const top = await db.one<{ artist: string; track: string; album: string }>(
      `SELECT mode(ta.artist_id) AS artist, mode(pl.track_id) AS track, mode(t.album_id) AS album
       FROM plays pl JOIN tracks t USING (track_id) JOIN track_artists ta ON ta.track_id = t.track_id AND ta.position = 0
       WHERE pl.user_id = ?`,
      [user.userId],
    );
    const base = { userId: user.userId, timeZone: user.timeZone, now: NOW };
    const page = (kind: 'artist' | 'album' | 'track', id: string) => () =>
      loadEntityPage(db, { ...base, kind, id });
    await page('artist', top!.artist)(); // warm-up: column segments loaded from disk
    const figures = {
      artist_ms: await timed(ROUNDS, page('artist', top!.artist)),
      track_ms: await timed(ROUNDS, page('track', top!.track)),
      album_ms: await timed(ROUNDS, page('album', top!.album)),
      search_ms: await timed(ROUNDS, () => searchHistory(db, { ...base, text: 'artist 12' })),
      on_this_day_ms: await timed(ROUNDS, () => loadOnThisDay(db, base)),
      forgotten_ms: await timed(ROUNDS, () => loadForgotten(db, { ...base, months: 6 })),
      clock_ms: await timed(ROUNDS, () =>
        loadListeningClock(db, { ...base, from: new Date(0), to: new Date(END) }),
      ),
    };
    const artist = await loadEntityPage(db, { ...base, kind: 'artist', id: top!.artist });
    console.log(
      `most played artist ${artist!.name}: ${artist!.summary.streams} streams, ${artist!.months.length} months`,
    );
    console.log(
      `pages plays=${plays} ${Object.entries(figures)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ')}`,
    );
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
