/** The event_places table: which of the user's places each event was found for, and when. */
import { columns, insertRows } from './bulk-insert.ts';
import type { Queryable } from './db.ts';

const PLACE_LINK_COLUMNS = columns(
  'event_key:VARCHAR place_id:VARCHAR first_seen_at:TIMESTAMPTZ last_seen_at:TIMESTAMPTZ',
);

/** Gives `into` every place link `from` has, before `from` is deleted as its duplicate. */
export async function copyPlaceLinks(tx: Queryable, from: string, into: string): Promise<void> {
  await tx.run(
    `INSERT INTO event_places SELECT ?, place_id, first_seen_at, last_seen_at FROM event_places WHERE event_key = ? ON CONFLICT DO NOTHING`,
    [into, from],
  );
}

/** Records that a sync of `placeId` saw these events now. */
export async function linkEventsToPlace(
  tx: Queryable,
  keys: string[],
  placeId: string,
  now: Date,
): Promise<void> {
  await insertRows(
    tx,
    'event_places',
    PLACE_LINK_COLUMNS,
    keys.map((key) => ({ event_key: key, place_id: placeId, first_seen_at: now, last_seen_at: now })),
    'ON CONFLICT (event_key, place_id) DO UPDATE SET last_seen_at = excluded.last_seen_at',
  );
}
