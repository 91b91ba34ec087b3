/** The venues table: one row per source venue, upserted with the events that play there. */
import type { NormalisedEvent } from '../events/types.ts';
import { columns, insertRows, type RowValues, updateSet } from './bulk-insert.ts';
import type { Queryable } from './db.ts';

const VENUE_COLUMNS = columns(
  'venue_key:VARCHAR source:VARCHAR name:VARCHAR city:VARCHAR state_code:VARCHAR country_code:VARCHAR ' +
    'postal_code:VARCHAR lat:DOUBLE lon:DOUBLE time_zone:VARCHAR updated_at:TIMESTAMPTZ',
);

/** Writes the venue of each event (the last event's copy wins when several share one). */
export async function upsertVenues(tx: Queryable, events: NormalisedEvent[], now: Date): Promise<void> {
  const venues = new Map(events.map((event) => [event.venue.key, event]));
  await insertRows(
    tx,
    'venues',
    VENUE_COLUMNS,
    [...venues.values()].map((e) => venueRow(e, now)),
    `ON CONFLICT (venue_key) DO UPDATE SET ${updateSet(VENUE_COLUMNS, ['venue_key'])}`,
  );
}

/** Deletes venues no event uses any more; returns how many. */
export async function deleteUnusedVenues(tx: Queryable): Promise<number> {
  const orphans = await tx.one<{ n: number }>(
    'SELECT count(*) AS n FROM venues WHERE venue_key NOT IN (SELECT venue_key FROM events)',
  );
  await tx.run('DELETE FROM venues WHERE venue_key NOT IN (SELECT venue_key FROM events)');
  return Number(orphans?.n ?? 0);
}

function venueRow(e: NormalisedEvent, now: Date): RowValues {
  const v = e.venue;
  return {
    venue_key: v.key,
    source: e.source,
    name: v.name,
    city: v.city,
    state_code: v.stateCode,
    country_code: v.countryCode,
    postal_code: v.postalCode,
    lat: v.lat,
    lon: v.lon,
    time_zone: v.timeZone,
    updated_at: now,
  };
}
