/**
 * The shows repository: venues, events and their billed performers (places: places.ts). Every write
 * is an idempotent upsert keyed by the sources' ids; a rerun that sees nothing new
 * touches only `last_seen_at`. History stays until `pruneEvents`.
 */
import { createHash } from 'node:crypto';
import type {
  BilledPerformer,
  EventStatus,
  MergedEvent,
  NormalisedEvent,
  SourceName,
} from '../events/types.ts';
import type { Db, Queryable, Row, SqlParam } from './db.ts';

export interface StoredPerformer extends BilledPerformer {
  /** Decided by the matcher; null until then. */
  tribute: boolean | null;
}

export interface StoredEvent extends Omit<MergedEvent, 'performers'> {
  performers: StoredPerformer[];
  placeIds: string[];
  firstSeenAt: string;
  lastSeenAt: string;
  updatedAt: string;
  statusChangedAt: string | null;
}

export interface UpsertReport {
  new: number;
  /** Changed, but not to cancelled. */
  updated: number;
  /** Changed to cancelled since the last sync. */
  cancelled: number;
  unchanged: number;
  /** Rows from an earlier sync that turned out to be another source's listing of a show now merged. */
  absorbed: number;
}

const JSON_KEYS = `(SELECT unnest(from_json(?, '["VARCHAR"]')))`;

// ---------------------------------------------------------------- upsert

interface ExistingEvent {
  event_key: string;
  alt_keys: string[];
  status: EventStatus;
  content_hash: string;
  performers_hash: string;
}

type IncomingEvent = NormalisedEvent & { altKeys?: string[] };

interface WritePlan {
  rows: Array<{
    event: IncomingEvent;
    altKeys: string[];
    contentHash: string;
    performersHash: string;
  }>;
  rewritePerformers: IncomingEvent[];
  /** Every row this sync saw (its own key, or the row it is an alias of). */
  seenKeys: Set<string>;
  absorbed: Array<{ from: string; into: string }>;
  report: UpsertReport;
}

/**
 * Stores what one sync of `placeId` fetched. A status change updates the row (and counts
 * as `cancelled` when the show was called off); performers are rewritten only when the
 * bill changed; an event already stored as another event's alias only gets seen again.
 */
export async function upsertEvents(
  db: Db,
  placeId: string,
  events: readonly IncomingEvent[],
  now: Date,
): Promise<UpsertReport> {
  const unique = [...new Map(events.map((e) => [e.key, e])).values()];
  if (unique.length === 0) return { new: 0, updated: 0, cancelled: 0, unchanged: 0, absorbed: 0 };
  return db.transaction(async (tx) => {
    const existing = await loadExisting(tx, unique);
    const plan = planWrites(unique, existing);
    await applyPlan(tx, placeId, plan, now);
    return plan.report;
  });
}

async function loadExisting(tx: Queryable, events: IncomingEvent[]): Promise<ExistingEvent[]> {
  const keys = JSON.stringify([...new Set(events.flatMap((e) => [e.key, ...(e.altKeys ?? [])]))]);
  return tx.all<ExistingEvent & Row>(
    `SELECT event_key, alt_keys, status, content_hash, performers_hash FROM events
     WHERE event_key IN ${JSON_KEYS} OR list_has_any(alt_keys, from_json(?, '["VARCHAR"]'))`,
    [keys, keys],
  );
}

function planWrites(events: IncomingEvent[], existing: ExistingEvent[]): WritePlan {
  const byKey = new Map(existing.map((row) => [row.event_key, row]));
  const aliasOf = new Map(
    existing.flatMap((row) => row.alt_keys.map((alt) => [alt, row.event_key] as const)),
  );
  const plan: WritePlan = {
    rows: [],
    rewritePerformers: [],
    seenKeys: new Set(),
    absorbed: [],
    report: { new: 0, updated: 0, cancelled: 0, unchanged: 0, absorbed: 0 },
  };
  for (const event of events) {
    const own = byKey.get(event.key);
    const aliasTarget = aliasOf.get(event.key);
    if (!own && aliasTarget && aliasTarget !== event.key) {
      plan.seenKeys.add(aliasTarget);
      plan.report.unchanged++;
      continue;
    }
    plan.seenKeys.add(event.key);
    for (const alt of event.altKeys ?? []) {
      if (alt !== event.key && byKey.has(alt)) plan.absorbed.push({ from: alt, into: event.key });
    }
    const altKeys = [...new Set([...(own?.alt_keys ?? []), ...(event.altKeys ?? [])])].sort();
    const contentHash = hash(contentOf(event));
    const performersHash = hash(event.performers);
    const performersChanged = own?.performers_hash !== performersHash;
    const changed =
      !own || own.content_hash !== contentHash || performersChanged || altKeys.length !== own.alt_keys.length;
    if (!changed) {
      plan.report.unchanged++;
      continue;
    }
    const statusChanged = own !== undefined && own.status !== event.status;
    plan.rows.push({ event, altKeys, contentHash, performersHash });
    if (performersChanged) plan.rewritePerformers.push(event);
    if (!own) plan.report.new++;
    else if (statusChanged && event.status === 'cancelled') plan.report.cancelled++;
    else plan.report.updated++;
  }
  plan.report.absorbed = plan.absorbed.length;
  return plan;
}

/** The stored fields of an event, in a fixed order, for change detection. */
function contentOf(e: NormalisedEvent): unknown[] {
  const v = e.venue;
  return [
    e.name,
    e.url,
    e.startUtc,
    e.localDate,
    e.localTime,
    e.timeZone,
    e.status,
    e.classification.segment ?? null,
    e.classification.genre ?? null,
    e.classification.subGenre ?? null,
    [v.key, v.name, v.city, v.stateCode, v.countryCode, v.postalCode, v.lat, v.lon, v.timeZone],
  ];
}

function hash(value: unknown): string {
  return createHash('sha1').update(JSON.stringify(value)).digest('hex');
}

async function applyPlan(tx: Queryable, placeId: string, plan: WritePlan, now: Date): Promise<void> {
  for (const { from, into } of plan.absorbed) {
    await tx.run(
      `INSERT INTO event_places SELECT ?, place_id, first_seen_at, last_seen_at FROM event_places WHERE event_key = ? ON CONFLICT DO NOTHING`,
      [into, from],
    );
  }
  await deleteEvents(
    tx,
    plan.absorbed.map((a) => a.from),
  );
  const venues = new Map(plan.rows.map(({ event }) => [event.venue.key, event]));
  await insertRows(
    tx,
    'venues',
    VENUE_COLUMNS,
    [...venues.values()].map((e) => venueRow(e, now)),
    `ON CONFLICT (venue_key) DO UPDATE SET ${updateSet(VENUE_COLUMNS, ['venue_key'])}`,
  );
  await insertRows(
    tx,
    'events',
    EVENT_COLUMNS,
    plan.rows.map((r) => eventRow(r, now)),
    'ON CONFLICT (event_key) DO UPDATE SET ' +
      updateSet(EVENT_COLUMNS, ['event_key', 'first_seen_at', 'status_changed_at']) +
      ', status_changed_at = CASE WHEN events.status <> excluded.status THEN excluded.updated_at ELSE events.status_changed_at END',
  );
  const rewritten = plan.rewritePerformers.map((e) => e.key);
  if (rewritten.length)
    await tx.run(`DELETE FROM event_performers WHERE event_key IN ${JSON_KEYS}`, [JSON.stringify(rewritten)]);
  await insertRows(
    tx,
    'event_performers',
    PERFORMER_COLUMNS,
    plan.rewritePerformers.flatMap(performerRows),
    '',
  );
  const seen = [...plan.seenKeys];
  await tx.run(`UPDATE events SET last_seen_at = ? WHERE event_key IN ${JSON_KEYS}`, [
    now,
    JSON.stringify(seen),
  ]);
  await insertRows(
    tx,
    'event_places',
    PLACE_LINK_COLUMNS,
    seen.map((key) => ({ event_key: key, place_id: placeId, first_seen_at: now, last_seen_at: now })),
    'ON CONFLICT (event_key, place_id) DO UPDATE SET last_seen_at = excluded.last_seen_at',
  );
}

interface Column {
  name: string;
  /** DuckDB type, for reading the rows back out of JSON. */
  type: string;
}

type RowValues = Record<string, unknown>;

/** `'event_key:VARCHAR alt_keys:VARCHAR[] …'` → columns. */
const columns = (spec: string): Column[] =>
  spec.split(/\s+/).map((entry) => {
    const [name, type] = entry.split(':') as [string, string];
    return { name, type };
  });
const VENUE_COLUMNS = columns(
  'venue_key:VARCHAR source:VARCHAR name:VARCHAR city:VARCHAR state_code:VARCHAR country_code:VARCHAR ' +
    'postal_code:VARCHAR lat:DOUBLE lon:DOUBLE time_zone:VARCHAR updated_at:TIMESTAMPTZ',
);
const EVENT_COLUMNS = columns(
  'event_key:VARCHAR source:VARCHAR source_id:VARCHAR alt_keys:VARCHAR[] name:VARCHAR url:VARCHAR ' +
    'start_utc:TIMESTAMPTZ local_date:DATE local_time:VARCHAR time_zone:VARCHAR status:VARCHAR segment:VARCHAR ' +
    'genre:VARCHAR sub_genre:VARCHAR venue_key:VARCHAR content_hash:VARCHAR performers_hash:VARCHAR ' +
    'first_seen_at:TIMESTAMPTZ last_seen_at:TIMESTAMPTZ updated_at:TIMESTAMPTZ status_changed_at:TIMESTAMPTZ',
);
const PERFORMER_COLUMNS = columns(
  'event_key:VARCHAR position:INTEGER name:VARCHAR headliner:BOOLEAN billed_from:VARCHAR ' +
    'source_performer_id:VARCHAR spotify_artist_id:VARCHAR mbid:VARCHAR genre:VARCHAR',
);
const PLACE_LINK_COLUMNS = columns(
  'event_key:VARCHAR place_id:VARCHAR first_seen_at:TIMESTAMPTZ last_seen_at:TIMESTAMPTZ',
);

function updateSet(cols: Column[], keep: string[]): string {
  return cols
    .filter((c) => !keep.includes(c.name))
    .map((c) => `${c.name} = excluded.${c.name}`)
    .join(', ');
}

/**
 * Inserts all rows in one statement: they travel as one JSON parameter that DuckDB
 * unpacks, several times faster than thousands of bound parameters.
 */
async function insertRows(tx: Queryable, table: string, cols: Column[], rows: RowValues[], conflict: string) {
  if (rows.length === 0) return;
  const shape = Object.fromEntries(
    cols.map((c) => [c.name, c.type.endsWith('[]') ? [c.type.slice(0, -2)] : c.type]),
  );
  const names = cols.map((c) => c.name);
  await tx.run(
    `INSERT INTO ${table} (${names.join(', ')})
     SELECT ${names.map((n) => `r.${n}`).join(', ')} FROM (SELECT unnest(from_json(?, '${JSON.stringify([shape])}')) AS r)
     ${conflict}`,
    [JSON.stringify(rows)],
  );
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

function eventRow(r: WritePlan['rows'][number], now: Date): RowValues {
  const { event: e, altKeys, contentHash, performersHash } = r;
  return {
    event_key: e.key,
    source: e.source,
    source_id: e.sourceId,
    alt_keys: altKeys,
    name: e.name,
    url: e.url,
    start_utc: e.startUtc,
    local_date: e.localDate,
    local_time: e.localTime,
    time_zone: e.timeZone,
    status: e.status,
    segment: e.classification.segment,
    genre: e.classification.genre,
    sub_genre: e.classification.subGenre,
    venue_key: e.venue.key,
    content_hash: contentHash,
    performers_hash: performersHash,
    first_seen_at: now,
    last_seen_at: now,
    updated_at: now,
    status_changed_at: null,
  };
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

async function deleteEvents(tx: Queryable, keys: string[]): Promise<void> {
  if (keys.length === 0) return;
  const list = JSON.stringify(keys);
  for (const table of ['event_performers', 'event_places', 'events']) {
    await tx.run(`DELETE FROM ${table} WHERE event_key IN ${JSON_KEYS}`, [list]);
  }
}

// ---------------------------------------------------------------- reading and pruning

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

async function loadPerformers(db: Queryable, keys: string[]): Promise<Map<string, StoredPerformer[]>> {
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

export interface PruneReport {
  events: number;
  venues: number;
}

/**
 * Deletes shows whose local date is before `before` (and, when asked, cancelled shows of
 * any date), with their bills and place links, then venues no show uses any more.
 */
export async function pruneEvents(
  db: Db,
  before: Date,
  options: { cancelled?: boolean } = {},
): Promise<PruneReport> {
  return db.transaction(async (tx) => {
    const doomed = await tx.all<{ event_key: string }>(
      `SELECT event_key FROM events WHERE local_date < CAST(? AS DATE) ${options.cancelled ? "OR status = 'cancelled'" : ''}`,
      [before.toISOString().slice(0, 10)],
    );
    await deleteEvents(
      tx,
      doomed.map((r) => r.event_key),
    );
    const orphans = await tx.one<{ n: number }>(
      'SELECT count(*) AS n FROM venues WHERE venue_key NOT IN (SELECT venue_key FROM events)',
    );
    await tx.run('DELETE FROM venues WHERE venue_key NOT IN (SELECT venue_key FROM events)');
    return { events: doomed.length, venues: Number(orphans?.n ?? 0) };
  });
}
