/** Reading shows back: events joined with their venue, bill and places (the listings' query). */
import type { EventStatus, MergedEvent, SourceName } from '../events/types.ts';
import type { Queryable, Row, SqlParam } from './db.ts';
import { loadPerformers, type StoredPerformer } from './event-performers.ts';

export interface StoredEvent extends Omit<MergedEvent, 'performers'> {
  performers: StoredPerformer[];
  placeIds: string[];
  firstSeenAt: string;
  lastSeenAt: string;
  updatedAt: string;
  statusChangedAt: string | null;
}

export interface ListEventsOptions {
  placeId?: string;
  /** Shows starting at or after this instant (a show without a time: on or after this UTC date). */
  from?: Date;
  to?: Date;
  /** Cancelled shows are left out unless asked for. */
  includeCancelled?: boolean;
  source?: SourceName;
}

/** Events with their venue, bill and places, soonest first. Pass `from: now` for upcoming shows. */
export async function listUpcomingEvents(
  db: Queryable,
  options: ListEventsOptions = {},
): Promise<StoredEvent[]> {
  const where: string[] = [];
  const params: SqlParam[] = [];
  if (options.placeId) {
    where.push('EXISTS (SELECT 1 FROM event_places p WHERE p.event_key = e.event_key AND p.place_id = ?)');
    params.push(options.placeId);
  }
  if (options.from) {
    where.push(
      '(e.start_utc >= CAST(? AS TIMESTAMPTZ) OR (e.start_utc IS NULL AND e.local_date >= CAST(? AS DATE)))',
    );
    params.push(options.from, options.from.toISOString().slice(0, 10));
  }
  if (options.to) {
    where.push(
      '(e.start_utc <= CAST(? AS TIMESTAMPTZ) OR (e.start_utc IS NULL AND e.local_date <= CAST(? AS DATE)))',
    );
    params.push(options.to, options.to.toISOString().slice(0, 10));
  }
  if (!options.includeCancelled) where.push("e.status <> 'cancelled'");
  if (options.source) {
    where.push('e.source = ?');
    params.push(options.source);
  }
  const rows = await db.all(
    `SELECT e.*, strftime(e.local_date, '%Y-%m-%d') AS local_day, v.name AS venue_name, v.city AS venue_city,
       v.state_code AS venue_state, v.country_code AS venue_country, v.postal_code AS venue_postal,
       v.lat AS venue_lat, v.lon AS venue_lon, v.time_zone AS venue_zone,
       (SELECT list(p.place_id ORDER BY p.place_id) FROM event_places p WHERE p.event_key = e.event_key) AS place_ids
     FROM events e JOIN venues v ON v.venue_key = e.venue_key
     ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY e.local_date, e.local_time NULLS LAST, e.event_key`,
    params,
  );
  const performers = await loadPerformers(
    db,
    rows.map((r) => String(r.event_key)),
  );
  return rows.map((row) => toStoredEvent(row, performers.get(String(row.event_key)) ?? []));
}

const iso = (value: unknown) =>
  value instanceof Date ? value.toISOString() : value === null || value === undefined ? null : String(value);
const text = (value: unknown) => (value === null || value === undefined ? null : String(value));

function toStoredEvent(row: Row, performers: StoredPerformer[]): StoredEvent {
  const classification: StoredEvent['classification'] = {};
  if (row.segment) classification.segment = String(row.segment);
  if (row.genre) classification.genre = String(row.genre);
  if (row.sub_genre) classification.subGenre = String(row.sub_genre);
  return {
    key: row.event_key as StoredEvent['key'],
    source: row.source as SourceName,
    sourceId: String(row.source_id),
    altKeys: (row.alt_keys as string[]) ?? [],
    name: String(row.name),
    url: text(row.url),
    startUtc: iso(row.start_utc),
    localDate: String(row.local_day),
    localTime: text(row.local_time),
    timeZone: text(row.time_zone),
    status: row.status as EventStatus,
    classification,
    venue: {
      key: String(row.venue_key),
      name: String(row.venue_name),
      city: text(row.venue_city),
      stateCode: text(row.venue_state),
      countryCode: text(row.venue_country),
      postalCode: text(row.venue_postal),
      lat: row.venue_lat === null ? null : Number(row.venue_lat),
      lon: row.venue_lon === null ? null : Number(row.venue_lon),
      timeZone: text(row.venue_zone),
    },
    performers,
    placeIds: (row.place_ids as string[] | null) ?? [],
    firstSeenAt: iso(row.first_seen_at)!,
    lastSeenAt: iso(row.last_seen_at)!,
    updatedAt: iso(row.updated_at)!,
    statusChangedAt: iso(row.status_changed_at),
  };
}
