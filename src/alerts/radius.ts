/**
 * "Within your radius": the show's venue lies inside the radius of one of the places
 * that listed it. Sources search by radius already, but a place's radius can shrink after
 * a sync (and sources round), so the distance is checked again here. Without coordinates
 * on either side the place's listing is trusted.
 */
import type { Place } from '../events/types.ts';
import type { StoredEvent } from '../store/events.ts';

const EARTH_RADIUS_MILES = 3958.8;

export function distanceMiles(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = (d: number) => (d * Math.PI) / 180;
  const dLat = rad(b.lat - a.lat);
  const dLon = rad(b.lon - a.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_MILES * Math.asin(Math.min(1, Math.sqrt(h)));
}

export function withinAPlaceRadius(event: StoredEvent, places: ReadonlyMap<string, Place>): boolean {
  const { lat, lon } = event.venue;
  return event.placeIds.some((id) => {
    const place = places.get(id);
    if (!place) return false;
    if (lat === null || lon === null || place.lat === undefined || place.lon === undefined) return true;
    if (place.radiusMiles === undefined) return true;
    return distanceMiles({ lat, lon }, { lat: place.lat, lon: place.lon }) <= place.radiusMiles;
  });
}
