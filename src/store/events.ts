/**
 * The shows repository: venues, events and their billed performers (places: places.ts). Every write
 * is an idempotent upsert keyed by the sources' ids; a rerun that sees nothing new
 * touches only `last_seen_at`. History stays until `pruneEvents`. This module owns the events
 * table and the upsert as a whole; venues.ts, event-performers.ts and event-places.ts own
 * theirs, event-listing.ts the read query.
 */
import { createHash } from 'node:crypto';
import type { EventStatus, NormalisedEvent } from '../events/types.ts';
import { columns, insertRows, JSON_KEYS, type RowValues, updateSet } from './bulk-insert.ts';
import type { Db, Queryable, Row } from './db.ts';
import { copyPlaceLinks, linkEventsToPlace } from './event-places.ts';
import { replacePerformers } from './event-performers.ts';
import { deleteUnusedVenues, upsertVenues } from './venues.ts';

export { type ListEventsOptions, listUpcomingEvents, type StoredEvent } from './event-listing.ts';
export type { StoredPerformer } from './event-performers.ts';

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
  for (const { from, into } of plan.absorbed) await copyPlaceLinks(tx, from, into);
  await deleteEvents(
    tx,
    plan.absorbed.map((a) => a.from),
  );
  await upsertVenues(
    tx,
    plan.rows.map(({ event }) => event),
    now,
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
  await replacePerformers(tx, plan.rewritePerformers);
  const seen = [...plan.seenKeys];
  await tx.run(`UPDATE events SET last_seen_at = ? WHERE event_key IN ${JSON_KEYS}`, [
    now,
    JSON.stringify(seen),
  ]);
  await linkEventsToPlace(tx, seen, placeId, now);
}

const EVENT_COLUMNS = columns(
  'event_key:VARCHAR source:VARCHAR source_id:VARCHAR alt_keys:VARCHAR[] name:VARCHAR url:VARCHAR ' +
    'start_utc:TIMESTAMPTZ local_date:DATE local_time:VARCHAR time_zone:VARCHAR status:VARCHAR segment:VARCHAR ' +
    'genre:VARCHAR sub_genre:VARCHAR venue_key:VARCHAR content_hash:VARCHAR performers_hash:VARCHAR ' +
    'first_seen_at:TIMESTAMPTZ last_seen_at:TIMESTAMPTZ updated_at:TIMESTAMPTZ status_changed_at:TIMESTAMPTZ',
);

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

async function deleteEvents(tx: Queryable, keys: string[]): Promise<void> {
  if (keys.length === 0) return;
  const list = JSON.stringify(keys);
  for (const table of ['event_performers', 'event_places', 'events']) {
    await tx.run(`DELETE FROM ${table} WHERE event_key IN ${JSON_KEYS}`, [list]);
  }
}

// ---------------------------------------------------------------- pruning

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
    return { events: doomed.length, venues: await deleteUnusedVenues(tx) };
  });
}

/** How many shows are stored (any date, any status). */
export async function countEvents(db: Queryable): Promise<number> {
  const row = await db.one<{ n: number }>('SELECT count(*)::INTEGER AS n FROM events');
  return row?.n ?? 0;
}
