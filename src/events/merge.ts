/**
 * The same show listed by two sources becomes one event. Two listings are the same show
 * when they are at the same venue (same comparable name in the same city, or under 0.3 km
 * apart), on the same local date, with the same headliner. Ticketmaster's fields win;
 * the other source fills what Ticketmaster left empty and adds its performer links.
 * Listings from the same source never merge (an early and a late show are two events).
 */
import { comparableName, comparableVenueName, distanceKm } from './names.ts';
import type { BilledPerformer, MergedEvent, NormalisedEvent, SourceName, Venue } from './types.ts';

export const SAME_VENUE_KM = 0.3;
const DEFAULT_PRIORITY: SourceName[] = ['ticketmaster', 'seatgeek'];

export interface MergeResult {
  events: MergedEvent[];
  /** How many listings were folded into another source's event. */
  merged: number;
}

export function mergeAcrossSources(events: NormalisedEvent[], priority = DEFAULT_PRIORITY): MergeResult {
  const rank = (e: NormalisedEvent) => {
    const at = priority.indexOf(e.source);
    return at < 0 ? priority.length : at;
  };
  const ordered = [...events].sort((a, b) => rank(a) - rank(b));
  const byDate = new Map<string, Array<{ event: MergedEvent; sources: Set<SourceName> }>>();
  const out: MergedEvent[] = [];
  let merged = 0;
  for (const event of ordered) {
    const sameDay = byDate.get(event.localDate) ?? [];
    const match = sameDay.find((group) => !group.sources.has(event.source) && isSameShow(group.event, event));
    if (match) {
      match.event = foldInto(match.event, event);
      match.sources.add(event.source);
      merged++;
      continue;
    }
    const group = { event: { ...event, altKeys: [] }, sources: new Set([event.source]) };
    sameDay.push(group);
    byDate.set(event.localDate, sameDay);
  }
  for (const groups of byDate.values()) for (const group of groups) out.push(group.event);
  return { events: out, merged };
}

export function isSameShow(a: NormalisedEvent, b: NormalisedEvent): boolean {
  return (
    a.localDate === b.localDate &&
    isSameVenue(a.venue, b.venue) &&
    isSameHeadliner(headliner(a), headliner(b))
  );
}

export function isSameVenue(a: Venue, b: Venue): boolean {
  if (a.lat !== null && a.lon !== null && b.lat !== null && b.lon !== null) {
    if (distanceKm(a.lat, a.lon, b.lat, b.lon) < SAME_VENUE_KM) return true;
  }
  const sameCity = a.city && b.city ? comparableName(a.city) === comparableName(b.city) : true;
  return sameCity && comparableVenueName(a.name, a.city) === comparableVenueName(b.name, b.city ?? a.city);
}

function headliner(event: NormalisedEvent): BilledPerformer | undefined {
  return event.performers.find((p) => p.headliner) ?? event.performers[0];
}

/**
 * Same Spotify artist, same comparable name, or — when one side only has the event's
 * name as its bill ("Muse: Will of the People Tour") — that name starting with the other.
 */
function isSameHeadliner(a: BilledPerformer | undefined, b: BilledPerformer | undefined): boolean {
  if (!a || !b) return false;
  if (a.spotifyArtistId && b.spotifyArtistId) return a.spotifyArtistId === b.spotifyArtistId;
  const an = comparableName(a.name);
  const bn = comparableName(b.name);
  if (an === bn) return true;
  if (a.billedFrom === 'event_name' && an.startsWith(`${bn} `)) return true;
  return b.billedFrom === 'event_name' && bn.startsWith(`${an} `);
}

/** `primary` keeps its fields; `other` fills gaps. */
function foldInto(primary: MergedEvent, other: NormalisedEvent): MergedEvent {
  const venue: Venue = { ...primary.venue };
  for (const field of ['city', 'stateCode', 'countryCode', 'postalCode', 'lat', 'lon', 'timeZone'] as const) {
    if (venue[field] === null && other.venue[field] !== null)
      (venue as Record<typeof field, unknown>)[field] = other.venue[field];
  }
  return {
    ...primary,
    url: primary.url ?? other.url,
    startUtc: primary.startUtc ?? other.startUtc,
    localTime: primary.localTime ?? other.localTime,
    timeZone: primary.timeZone ?? other.timeZone,
    classification: { ...other.classification, ...primary.classification },
    venue,
    performers: foldPerformers(primary.performers, other.performers),
    altKeys: [...primary.altKeys, other.key],
  };
}

/**
 * A bill that is only the event's name gives way to a real list of performers. Otherwise
 * the primary's list stays, and each performer takes the other's links it lacks.
 */
function foldPerformers(primary: BilledPerformer[], other: BilledPerformer[]): BilledPerformer[] {
  const primaryIsEventName = primary.every((p) => p.billedFrom === 'event_name');
  const otherIsListed = other.some((p) => p.billedFrom === 'source');
  if (primaryIsEventName && otherIsListed) return other.map((p) => ({ ...p }));
  return primary.map((p) => {
    const twin = other.find(
      (o) =>
        (p.spotifyArtistId && o.spotifyArtistId === p.spotifyArtistId) ||
        comparableName(o.name) === comparableName(p.name),
    );
    if (!twin) return p;
    const filled: BilledPerformer = { ...p };
    if (!filled.spotifyArtistId && twin.spotifyArtistId) filled.spotifyArtistId = twin.spotifyArtistId;
    if (!filled.mbid && twin.mbid) filled.mbid = twin.mbid;
    if (!filled.genre && twin.genre) filled.genre = twin.genre;
    return filled;
  });
}
