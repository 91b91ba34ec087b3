/**
 * Which simulated events a Discovery API query returns, in order. Exported so tests can
 * compare what an adapter fetched with what the world holds for the same query.
 */
import { distanceKm, KM_PER_MILE } from '../concerts/geo.ts';
import type { ConcertWorld, WorldEvent } from '../concerts/world.ts';

export const TM_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

export function ticketmasterSearch(world: ConcertWorld, query: URLSearchParams): WorldEvent[] {
  const classification = query.get('classificationName');
  if (classification && classification.toLowerCase() !== 'music') return [];
  const from = query.get('startDateTime')
    ? Date.parse(query.get('startDateTime')!)
    : Number.NEGATIVE_INFINITY;
  const to = query.get('endDateTime') ? Date.parse(query.get('endDateTime')!) : Number.POSITIVE_INFINITY;
  const near = geoFilter(query);
  const eq = (a: string | null, b: string) => a === null || a.toLowerCase() === b.toLowerCase();
  return world.events.filter((event) => {
    if (!event.onTicketmaster || event.startUtcMs < from || event.startUtcMs > to) return false;
    const venue = world.venueById.get(event.venueId)!;
    return (
      near(venue.lat, venue.lon) &&
      eq(query.get('postalCode'), venue.postalCode) &&
      eq(query.get('city'), venue.city) &&
      eq(query.get('stateCode'), venue.stateCode) &&
      eq(query.get('countryCode'), venue.countryCode)
    );
  });
}

/** `geoPoint=lat,long` with `radius` (default 50) in `unit` (miles or km). */
function geoFilter(query: URLSearchParams): (lat: number, lon: number) => boolean {
  const point = query.get('geoPoint') ?? query.get('latlong');
  if (!point) return () => true;
  const [lat, lon] = point.split(',').map(Number) as [number, number];
  const radius = Number(query.get('radius') ?? 50);
  const km = query.get('unit') === 'km' ? radius : radius * KM_PER_MILE;
  return (vLat, vLon) => distanceKm(lat, lon, vLat, vLon) <= km;
}
