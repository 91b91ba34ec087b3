/** Venues around each simulated place, with the slightly different spelling SeatGeek uses for each. */
import { offsetPoint } from './geo.ts';
import type { Random } from './random.ts';

export interface WorldPlaceSpec {
  name: string;
  city: string;
  stateCode: string;
  postalCode: string;
  lat: number;
  lon: number;
  timeZone: string;
  countryCode?: string;
}

export interface WorldVenue {
  /** Ticketmaster venue id. */
  id: string;
  seatGeekId: number;
  name: string;
  /** How SeatGeek spells the same venue ("Town Ballroom" for "The Town Ballroom"). */
  seatGeekName: string;
  city: string;
  stateCode: string;
  countryCode: string;
  postalCode: string;
  address: string;
  lat: number;
  lon: number;
  /** SeatGeek's pin for the venue: within a few tens of metres of Ticketmaster's. */
  seatGeekLat: number;
  seatGeekLon: number;
  timeZone: string;
  placeIndex: number;
}

const WORDS = [
  'Town',
  'Riverside',
  'Lakeview',
  'Union',
  'Majestic',
  'Paramount',
  'Crystal',
  'Harbor',
  'Rialto',
  'Summit',
  'Empire',
  'Liberty',
  'Granite',
  'Echo',
  'Orpheum',
  'Beacon',
];
const FORMS: Array<(word: string, city: string) => string> = [
  (w) => `The ${w} Ballroom`,
  (w) => `${w} Theatre`,
  (w) => `${w} Music Hall`,
  (w, city) => `${city} ${w} Amphitheatre`,
  (w) => `The ${w} Room`,
  (w) => `${w} Arena`,
  (w) => `${w} Centre`,
  (w) => `${w} & Co. Tavern`,
];
/** Towns beyond a 50-mile radius of the place (their venues only show up in state-wide searches). */
const OUTER_TOWNS = ['Fairview', 'Georgetown', 'Riverton', 'Clearwater', 'Maple Falls', 'Westbrook'];

/** The spellings SeatGeek is given: no leading "The", American "-er", "and" for "&", or "- City" appended. */
export function seatGeekSpelling(name: string, city: string, random: Random): string {
  const variants = [
    name.replace(/^The /, ''),
    name
      .replace(/Theatre\b/, 'Theater')
      .replace(/Centre\b/, 'Center')
      .replace(/Amphitheatre\b/, 'Amphitheater'),
    name.replace(/ & /, ' and '),
    `${name} - ${city}`,
  ].filter((v) => v !== name);
  return variants.length ? random.pick(variants) : name;
}

export function createVenues(
  place: WorldPlaceSpec,
  placeIndex: number,
  count: number,
  random: Random,
  seatGeekIdBase: number,
): WorldVenue[] {
  const words = random.shuffle([...WORDS]);
  const venues: WorldVenue[] = [];
  for (let i = 0; i < count; i++) {
    // The last venue of five or more lies 110-140 km out: inside the state, outside a 50-mile radius.
    const outer = count >= 5 && i === count - 1;
    const city = outer ? random.pick(OUTER_TOWNS) : place.city;
    const name = FORMS[(i + placeIndex) % FORMS.length]!(words[i % words.length]!, city);
    const at = offsetPoint(
      place.lat,
      place.lon,
      outer ? random.int(110, 140) : 0.3 + random.next() * 30,
      random.int(0, 359),
    );
    const pin = offsetPoint(at.lat, at.lon, random.next() * 0.04, random.int(0, 359));
    venues.push({
      id: `KovZpZ${random.chars(6)}${i}`,
      seatGeekId: seatGeekIdBase + i,
      name,
      seatGeekName: seatGeekSpelling(name, city, random),
      city,
      stateCode: place.stateCode,
      countryCode: place.countryCode ?? 'US',
      // Two central venues share the place's own postal code, so a postal search finds something.
      postalCode: i < 2 ? place.postalCode : `${place.postalCode.slice(0, 3)}${String(random.int(10, 99))}`,
      address: `${random.int(10, 2999)} ${random.pick(['Main', 'Elm', 'Delaware', 'Congress', 'Colfax', 'Pike', 'Central'])} St`,
      lat: at.lat,
      lon: at.lon,
      seatGeekLat: pin.lat,
      seatGeekLon: pin.lon,
      timeZone: place.timeZone,
      placeIndex,
    });
  }
  return venues;
}
