// Three weeks of listening for the fixture's two users (Berlin and New York, across both
// autumn DST changes): catalog tracks, plays known by name only, short plays the stream rule
// drops, plays of unknown length and unidentified listening. Seeded, so every run is the same.
import type { Db } from '../../src/store/db.ts';

export const USERS = [
  { id: 'ana', timeZone: 'Europe/Berlin' },
  { id: 'ben', timeZone: 'America/New_York' },
];

// The fixture store has ar1–ar3 and t1–t3; these join them.
const ARTISTS: [id: string, name: string, genres: string[] | null][] = [
  ['ar4', 'Delta', ['jazz', 'soul']],
  ['ar5', 'Epsilon', ['rock']],
  ['ar6', 'Zeta', []],
];
const TRACKS: [id: string, name: string, ms: number, artists: string[]][] = [
  ['t4', 'Four', 210_000, ['ar4']],
  ['t5', 'Five', 95_000, ['ar5', 'ar1']],
  ['t6', 'Six', 305_000, ['ar6']],
  ['t7', 'Seven', 187_000, ['ar4', 'ar2']],
];
const ARTIST_NAMES: Record<string, string> = {
  ar1: 'Alpha',
  ar2: 'Beta',
  ar3: 'Gamma',
  ar4: 'Delta',
  ar5: 'Epsilon',
  ar6: 'Zeta',
};
const CATALOG: [id: string, name: string, ms: number, primary: string][] = [
  ['t1', 'One', 200_000, 'ar1'],
  ['t2', 'Two', 180_000, 'ar2'],
  ['t3', 'Three', 240_000, 'ar3'],
  ...TRACKS.map(([id, name, ms, artists]): [string, string, number, string] => [id, name, ms, artists[0]!]),
];

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type PlayRow = [
  user: string,
  key: string,
  at: string,
  trackId: string | null,
  kind: string,
  track: string | null,
  artist: string | null,
  ms: number | null,
];

function playsFor(user: string, rnd: () => number): PlayRow[] {
  const rows: PlayRow[] = [];
  const start = Date.UTC(2026, 9, 20);
  for (let day = 0; day < 21; day++) {
    const count = Math.floor(rnd() * 14);
    const used = new Set<number>();
    for (let i = 0; i < count; i++) {
      let minute = Math.floor(rnd() * 24 * 60);
      while (used.has(minute)) minute = (minute + 7) % (24 * 60);
      used.add(minute);
      const at = new Date(start + day * 86_400_000 + minute * 60_000 + 17_000).toISOString();
      const roll = rnd();
      if (roll < 0.06) {
        rows.push([
          user,
          `unidentified:${at}`,
          at,
          null,
          'unidentified',
          null,
          null,
          60_000 + Math.floor(rnd() * 200_000),
        ]);
        continue;
      }
      if (roll < 0.14) {
        const ms = rnd() < 0.3 ? 12_000 : 150_000;
        rows.push([user, 'name:lost song|omega', at, null, 'track', 'Lost Song', 'Omega', ms]);
        continue;
      }
      const [id, name, duration, primary] = CATALOG[Math.floor(rnd() * CATALOG.length)]!;
      const shape = rnd();
      const ms =
        shape < 0.12
          ? 4_000 + Math.floor(rnd() * 20_000)
          : shape < 0.2
            ? null
            : Math.floor(duration * (0.5 + rnd() / 2));
      rows.push([user, id, at, id, 'track', name, ARTIST_NAMES[primary]!, ms]);
    }
  }
  return rows;
}

export async function addListening(db: Db): Promise<number> {
  const rnd = random(20261102);
  await db.transaction(async (tx) => {
    for (const [id, name, genres] of ARTISTS)
      await tx.run(`INSERT INTO artists (artist_id, name, genres) VALUES (?, ?, ?::VARCHAR[])`, [
        id,
        name,
        genres === null ? null : `[${genres.map((g) => `'${g}'`).join(', ')}]`,
      ]);
    for (const [id, name, ms, artists] of TRACKS) {
      await tx.run('INSERT INTO tracks (track_id, name, duration_ms) VALUES (?, ?, ?)', [id, name, ms]);
      for (const [position, artist] of artists.entries())
        await tx.run('INSERT INTO track_artists (track_id, artist_id, position) VALUES (?, ?, ?)', [
          id,
          artist,
          position,
        ]);
    }
  });
  let total = 0;
  for (const user of USERS) {
    const rows = playsFor(user.id, rnd);
    total += rows.length;
    await db.transaction(async (tx) => {
      for (const row of rows)
        await tx.run(
          `INSERT INTO plays (user_id, track_key, played_at, track_id, kind, track_name, artist_name, ms_played, source)
           VALUES (?, ?, ?::TIMESTAMPTZ, ?, ?, ?, ?, ?, 'recently_played')`,
          row,
        );
    });
  }
  return total;
}
