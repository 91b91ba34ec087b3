/** The user's places: where encore looks for shows (`encore places`). */
import type { Place } from '../events/types.ts';
import type { Db, Queryable, Row } from './db.ts';

export async function savePlace(db: Queryable, place: Place, now: Date): Promise<'created' | 'updated'> {
  const existed = await db.one('SELECT 1 AS found FROM places WHERE place_id = ?', [place.id]);
  await db.run(
    `INSERT INTO places (place_id, name, kind, lat, lon, radius_miles, postal_code, city, state_code, country_code, time_zone, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (place_id) DO UPDATE SET name = excluded.name, kind = excluded.kind, lat = excluded.lat, lon = excluded.lon,
       radius_miles = excluded.radius_miles, postal_code = excluded.postal_code, city = excluded.city,
       state_code = excluded.state_code, country_code = excluded.country_code, time_zone = excluded.time_zone,
       updated_at = excluded.updated_at`,
    [
      place.id,
      place.name,
      place.kind,
      place.lat,
      place.lon,
      place.radiusMiles,
      place.postalCode,
      place.city,
      place.stateCode,
      place.countryCode,
      place.timeZone,
      now,
      now,
    ],
  );
  return existed ? 'updated' : 'created';
}

export async function listPlaces(db: Queryable): Promise<Place[]> {
  const rows = await db.all('SELECT * FROM places ORDER BY created_at, place_id');
  return rows.map(toPlace);
}

export async function getPlace(db: Queryable, placeId: string): Promise<Place | undefined> {
  const row = await db.one('SELECT * FROM places WHERE place_id = ?', [placeId]);
  return row ? toPlace(row) : undefined;
}

/** Forgets a place and which events it listed; the events themselves stay as history. */
export async function removePlace(db: Db, placeId: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const existed = await tx.one('SELECT 1 AS found FROM places WHERE place_id = ?', [placeId]);
    await tx.run('DELETE FROM event_places WHERE place_id = ?', [placeId]);
    await tx.run('DELETE FROM places WHERE place_id = ?', [placeId]);
    return Boolean(existed);
  });
}

function toPlace(row: Row): Place {
  const place: Place = {
    id: String(row.place_id),
    name: String(row.name),
    kind: row.kind as Place['kind'],
    countryCode: String(row.country_code),
  };
  const optional: Array<[keyof Place, string]> = [
    ['lat', 'lat'],
    ['lon', 'lon'],
    ['radiusMiles', 'radius_miles'],
    ['postalCode', 'postal_code'],
    ['city', 'city'],
    ['stateCode', 'state_code'],
    ['timeZone', 'time_zone'],
  ];
  for (const [field, column] of optional)
    if (row[column] !== null && row[column] !== undefined) Object.assign(place, { [field]: row[column] });
  return place;
}
