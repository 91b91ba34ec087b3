/** The event_performers table: each event's bill, in billing order. */
import type { BilledPerformer, NormalisedEvent } from '../events/types.ts';
import { columns, insertRows, JSON_KEYS, type RowValues } from './bulk-insert.ts';
import type { Queryable } from './db.ts';

export interface StoredPerformer extends BilledPerformer {
  /** Decided by the matcher; null until then. */
  tribute: boolean | null;
}

const PERFORMER_COLUMNS = columns(
  'event_key:VARCHAR position:INTEGER name:VARCHAR headliner:BOOLEAN billed_from:VARCHAR ' +
    'source_performer_id:VARCHAR spotify_artist_id:VARCHAR mbid:VARCHAR genre:VARCHAR',
);

/** Replaces the whole bill of each event (the matcher's tribute verdicts go with it). */
export async function replacePerformers(tx: Queryable, events: NormalisedEvent[]): Promise<void> {
  const keys = events.map((e) => e.key);
  if (keys.length)
    await tx.run(`DELETE FROM event_performers WHERE event_key IN ${JSON_KEYS}`, [JSON.stringify(keys)]);
  await insertRows(tx, 'event_performers', PERFORMER_COLUMNS, events.flatMap(performerRows), '');
}

/** The bills of the given events, by event key, in billing order. */
export async function loadPerformers(db: Queryable, keys: string[]): Promise<Map<string, StoredPerformer[]>> {
  const byEvent = new Map<string, StoredPerformer[]>();
  if (keys.length === 0) return byEvent;
  const rows = await db.all(
    `SELECT * FROM event_performers WHERE event_key IN ${JSON_KEYS} ORDER BY event_key, position`,
    [JSON.stringify(keys)],
  );
  for (const row of rows) {
    const performer: StoredPerformer = {
      name: String(row.name),
      order: Number(row.position),
      headliner: Boolean(row.headliner),
      billedFrom: row.billed_from as StoredPerformer['billedFrom'],
      tribute: row.tribute === null ? null : Boolean(row.tribute),
    };
    if (row.source_performer_id) performer.sourceId = String(row.source_performer_id);
    if (row.spotify_artist_id) performer.spotifyArtistId = String(row.spotify_artist_id);
    if (row.mbid) performer.mbid = String(row.mbid);
    if (row.genre) performer.genre = String(row.genre);
    const list = byEvent.get(String(row.event_key)) ?? [];
    list.push(performer);
    byEvent.set(String(row.event_key), list);
  }
  return byEvent;
}

function performerRows(e: NormalisedEvent): RowValues[] {
  return e.performers.map((p) => ({
    event_key: e.key,
    position: p.order,
    name: p.name,
    headliner: p.headliner,
    billed_from: p.billedFrom,
    source_performer_id: p.sourceId,
    spotify_artist_id: p.spotifyArtistId,
    mbid: p.mbid,
    genre: p.genre,
  }));
}
