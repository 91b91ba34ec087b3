/**
 * Turning what a user typed (`places add "Buffalo, NY" --lat 42.89 --lon -78.87 --radius
 * 50mi`) into a Place, with errors that say what to type instead. encore never geocodes
 * online: a place is coordinates, a postal code, a city with its state, or a whole state.
 */
import { PlaceInputError } from './errors.ts';
import { checkPostalCode } from './postal-codes.ts';
import { isTimeZone } from './time.ts';
import type { Place } from './types.ts';
import { usStateCode } from './us-states.ts';

export interface PlaceOptions {
  lat?: string | number;
  lon?: string | number;
  radius?: string | number;
  postal?: string;
  state?: string;
  city?: string;
  country?: string;
  timeZone?: string;
}

export const DEFAULT_RADIUS_MILES = 50;
const MAX_RADIUS_MILES = 500;
const KM_PER_MILE = 1.609344;

const HOW_TO_SAY_WHERE =
  'Give coordinates (--lat 42.89 --lon -78.87), a postal code (--postal 14202), a city and state ' +
  '("Buffalo, NY" or --city Buffalo --state NY) or a whole state (--state NY); encore does not look places up online.';

export function parsePlaceInput(nameOrQuery: string, options: PlaceOptions = {}): Place {
  const name = nameOrQuery.trim();
  if (!name) throw new PlaceInputError(`A place needs a name, e.g. "Buffalo, NY". ${HOW_TO_SAY_WHERE}`);
  const countryCode = parseCountryCode(options.country);
  const timeZone = parseTimeZone(options.timeZone);
  const base = { id: placeSlug(name), name, countryCode, ...(timeZone ? { timeZone } : {}) };
  const given = Object.fromEntries(
    Object.entries(options).filter(([, v]) => v !== undefined),
  ) as PlaceOptions;
  const where: PlaceOptions = { ...inferFromName(name, given), ...given };

  if (where.lat !== undefined || where.lon !== undefined) {
    if (where.lat === undefined || where.lon === undefined) {
      throw new PlaceInputError('Coordinates need both --lat and --lon (e.g. --lat 42.89 --lon -78.87).');
    }
    return {
      ...base,
      kind: 'point',
      lat: parseCoordinate('lat', where.lat, 90),
      lon: parseCoordinate('lon', where.lon, 180),
      radiusMiles: where.radius === undefined ? DEFAULT_RADIUS_MILES : parseRadius(where.radius),
    };
  }
  if (where.postal !== undefined) {
    return {
      ...base,
      kind: 'postal',
      postalCode: parsePostalCode(where.postal, countryCode),
      radiusMiles: where.radius === undefined ? DEFAULT_RADIUS_MILES : parseRadius(where.radius),
    };
  }
  if (where.radius !== undefined) {
    throw new PlaceInputError(
      'A radius only applies to coordinates or a postal code; a city or a state is searched as a whole.',
    );
  }
  if (where.city !== undefined) {
    const city = where.city.trim();
    if (!city) throw new PlaceInputError('--city must not be empty.');
    if (where.state === undefined && countryCode === 'US') {
      throw new PlaceInputError(
        `A US city needs its state, e.g. --city "${city}" --state NY (or "${city}, NY").`,
      );
    }
    const stateCode = where.state === undefined ? undefined : parseStateCode(where.state, countryCode);
    return { ...base, kind: 'city', city, ...(stateCode ? { stateCode } : {}) };
  }
  if (where.state !== undefined)
    return { ...base, kind: 'state', stateCode: parseStateCode(where.state, countryCode) };
  throw new PlaceInputError(`Cannot tell where "${name}" is. ${HOW_TO_SAY_WHERE}`);
}

/**
 * Reads the name itself when no flags say where the place is: "42.89,-78.87", "14202",
 * "Buffalo, NY", "NY" or "New York".
 */
function inferFromName(name: string, options: PlaceOptions): PlaceOptions {
  const hasWhere = ['lat', 'lon', 'postal', 'city', 'state'].some(
    (k) => options[k as keyof PlaceOptions] !== undefined,
  );
  if (hasWhere) return {};
  const coords = /^(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)$/.exec(name);
  if (coords) return { lat: coords[1], lon: coords[2] };
  if (/^\d{5}(-\d{4})?$/.test(name)) return { postal: name };
  const cityState = /^(.+?),\s*([A-Za-z .]+)$/.exec(name);
  if (cityState) return { city: cityState[1], state: cityState[2] };
  if ((options.country ?? 'US').toUpperCase() === 'US' && usStateCode(name)) return { state: name };
  return {};
}

/** `50mi`, `50 miles`, `80km` or a bare `25` (miles) → miles. */
export function parseRadius(input: string | number): number {
  const text = String(input).trim().toLowerCase();
  const match = /^(\d+(?:\.\d+)?)\s*(mi|mile|miles|km|kilometers|kilometres)?$/.exec(text);
  if (!match) throw new PlaceInputError(`Radius must look like 50mi or 80km (got "${input}").`);
  const value = Number(match[1]);
  const miles = match[2]?.startsWith('k') ? value / KM_PER_MILE : value;
  if (!(miles > 0) || miles > MAX_RADIUS_MILES) {
    throw new PlaceInputError(
      `Radius must be more than 0 and at most ${MAX_RADIUS_MILES} miles (got "${input}").`,
    );
  }
  return Math.round(miles * 100) / 100;
}

function parseCoordinate(which: 'lat' | 'lon', input: string | number, limit: number): number {
  const text = String(input).trim();
  const value = /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isFinite(value) || Math.abs(value) > limit) {
    throw new PlaceInputError(`--${which} must be a number between -${limit} and ${limit} (got "${input}").`);
  }
  return value;
}

function parsePostalCode(input: string, countryCode: string): string {
  const checked = checkPostalCode(input, countryCode);
  if ('error' in checked) throw new PlaceInputError(checked.error);
  return checked.code;
}

function parseStateCode(input: string, countryCode: string): string {
  if (countryCode !== 'US') {
    const code = input.trim().toUpperCase();
    if (!/^[A-Z0-9]{1,3}$/.test(code))
      throw new PlaceInputError(`Malformed state or region code "${input}".`);
    return code;
  }
  const code = usStateCode(input);
  if (!code)
    throw new PlaceInputError(`Unknown US state "${input}": use a two-letter code such as NY or CA.`);
  return code;
}

function parseCountryCode(input: string | undefined): string {
  if (input === undefined) return 'US';
  const code = input.trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(code))
    throw new PlaceInputError(`Country must be a two-letter code such as US or CA (got "${input}").`);
  return code;
}

function parseTimeZone(input: string | undefined): string | undefined {
  if (input === undefined) return undefined;
  if (!isTimeZone(input))
    throw new PlaceInputError(`Unknown time zone "${input}": use an IANA name such as America/New_York.`);
  return input;
}

/** "Buffalo, NY" → `buffalo-ny`; keeps letters of any script ("Мумий" stays readable). */
export function placeSlug(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  if (!slug) throw new PlaceInputError(`"${name}" has no letters or digits to name the place by.`);
  return slug;
}
