/**
 * Which simulated events a SeatGeek `/2/events` query returns, in order. Exported so
 * tests can compare an adapter's result with the world's.
 */
import { distanceKm, KM_PER_MILE } from '../concerts/geo.ts';
import type { ConcertWorld, WorldEvent, WorldVenue } from '../concerts/world.ts';

/** SeatGeek filters take UTC without a zone (`2026-06-01T00:00:00`) or a bare date. */
function parseUtc(value: string | null, fallback: number): number {
  if (!value) return fallback;
  const text = /T/.test(value) ? value : `${value}T00:00:00`;
  const ms = Date.parse(/(Z|[+-]\d\d:?\d\d)$/.test(text) ? text : `${text}Z`);
  return Number.isNaN(ms) ? fallback : ms;
}

export function seatGeekSearch(world: ConcertWorld, query: URLSearchParams): WorldEvent[] {
  const taxonomy = query.get('taxonomies.name') ?? query.get('type');
  if (taxonomy && taxonomy !== 'concert') return [];
  const gte = parseUtc(query.get('datetime_utc.gte'), Number.NEGATIVE_INFINITY);
  const lte = parseUtc(query.get('datetime_utc.lte'), Number.POSITIVE_INFINITY);
  const near = geoFilter(world, query);
  const eq = (a: string | null, b: string) => a === null || a.toLowerCase() === b.toLowerCase();
  return world.events.filter((event) => {
    if (event.seatGeekId === null || event.startUtcMs < gte || event.startUtcMs > lte) return false;
    const venue = world.venueById.get(event.venueId)!;
    return (
      near(venue) &&
      eq(query.get('venue.city'), venue.city) &&
      eq(query.get('venue.state'), venue.stateCode) &&
      eq(query.get('venue.country'), venue.countryCode)
    );
  });
}

/** `lat`/`lon` or `geoip` (a postal code here) with `range` like `50mi` or `80km` (default 30mi). */
function geoFilter(world: ConcertWorld, query: URLSearchParams): (venue: WorldVenue) => boolean {
  let center: { lat: number; lon: number } | undefined;
  if (query.get('lat') && query.get('lon'))
    center = { lat: Number(query.get('lat')), lon: Number(query.get('lon')) };
  const geoip = query.get('geoip');
  if (geoip) {
    const place = world.places.find((p) => p.postalCode === geoip);
    const venue = world.venues.find((v) => v.postalCode === geoip);
    center = place ?? (venue ? { lat: venue.lat, lon: venue.lon } : { lat: 0, lon: 0 });
  }
  if (!center) return () => true;
  const match = /^(\d+(?:\.\d+)?)(mi|km)?$/.exec(query.get('range') ?? '30mi');
  const km = match ? Number(match[1]) * (match[2] === 'km' ? 1 : KM_PER_MILE) : 30 * KM_PER_MILE;
  const { lat, lon } = center;
  return (venue) => distanceKm(lat, lon, venue.seatGeekLat, venue.seatGeekLon) <= km;
}
