/** Writes shows straight into the store, for tests that start at the match step. */
import type { Db } from '../../src/store/db.ts';

let serial = 0;

export interface ShowSpec {
  performers: Array<{ name: string; link?: string; mbid?: string; genre?: string }>;
  /** Days after `now`; default 10. */
  inDays?: number;
  status?: string;
}

export async function insertShow(db: Db, now: number, spec: ShowSpec): Promise<string> {
  const n = ++serial;
  const key = `ticketmaster:test${n}`;
  const start = new Date(now + (spec.inDays ?? 10) * 86_400_000);
  await db.run(
    `INSERT INTO venues (venue_key, source, name) VALUES ('ticketmaster:venue:v1', 'ticketmaster', 'Test Hall') ON CONFLICT DO NOTHING`,
  );
  await db.run(
    `INSERT INTO events (event_key, source, source_id, name, start_utc, local_date, status, venue_key, content_hash,
       performers_hash, first_seen_at, last_seen_at, updated_at)
     VALUES (?, 'ticketmaster', ?, ?, ?::TIMESTAMPTZ, ?::DATE, ?, 'ticketmaster:venue:v1', 'h', 'h', now(), now(), now())`,
    [
      key,
      `test${n}`,
      spec.performers[0]?.name ?? 'show',
      start,
      start.toISOString().slice(0, 10),
      spec.status ?? 'scheduled',
    ],
  );
  for (const [position, p] of spec.performers.entries()) {
    await db.run(
      `INSERT INTO event_performers (event_key, position, name, headliner, billed_from, spotify_artist_id, mbid, genre)
       VALUES (?, ?, ?, ?, 'source', ?, ?, ?)`,
      [key, position, p.name, position === 0, p.link ?? null, p.mbid ?? null, p.genre ?? null],
    );
  }
  return key;
}

export async function tributeOf(db: Db, name: string): Promise<boolean | null> {
  const row = await db.one<{ tribute: boolean | null }>(
    `SELECT tribute FROM event_performers WHERE name = ? LIMIT 1`,
    [name],
  );
  return row?.tribute ?? null;
}
