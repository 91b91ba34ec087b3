import { describe, expect, it } from 'vitest';
import { PlaceInputError } from '../../src/events/errors.ts';
import { parsePlaceInput, parseRadius, placeSlug } from '../../src/events/places.ts';
import { parseDate, parseWindow, resolveWindow } from '../../src/events/window.ts';

describe('parsePlaceInput', () => {
  it('builds a point place from --lat/--lon/--radius', () => {
    expect(parsePlaceInput('Buffalo, NY', { lat: '42.89', lon: '-78.87', radius: '50mi' })).toEqual({
      id: 'buffalo-ny',
      name: 'Buffalo, NY',
      kind: 'point',
      lat: 42.89,
      lon: -78.87,
      radiusMiles: 50,
      countryCode: 'US',
    });
  });

  it('reads coordinates, a ZIP code, "City, ST" and a state from the name alone', () => {
    expect(parsePlaceInput('42.89,-78.87')).toMatchObject({
      kind: 'point',
      lat: 42.89,
      lon: -78.87,
      radiusMiles: 50,
    });
    expect(parsePlaceInput('14202', { radius: '25' })).toMatchObject({
      kind: 'postal',
      postalCode: '14202',
      radiusMiles: 25,
    });
    expect(parsePlaceInput('Buffalo, NY')).toMatchObject({ kind: 'city', city: 'Buffalo', stateCode: 'NY' });
    expect(parsePlaceInput('Austin, Texas')).toMatchObject({ kind: 'city', city: 'Austin', stateCode: 'TX' });
    expect(parsePlaceInput('ny')).toMatchObject({ id: 'ny', kind: 'state', stateCode: 'NY' });
    expect(parsePlaceInput('California')).toMatchObject({ kind: 'state', stateCode: 'CA' });
  });

  it('takes flags over the name and keeps the name for display', () => {
    const place = parsePlaceInput('Home', { postal: '14202-1234', radius: '80km' });
    expect(place).toMatchObject({ id: 'home', name: 'Home', kind: 'postal', postalCode: '14202-1234' });
    expect(place.radiusMiles).toBeCloseTo(49.71, 2);
    expect(parsePlaceInput('Upstate', { state: 'ny' })).toMatchObject({ kind: 'state', stateCode: 'NY' });
    expect(parsePlaceInput('Toronto', { city: 'Toronto', state: 'ON', country: 'ca' })).toMatchObject({
      kind: 'city',
      city: 'Toronto',
      stateCode: 'ON',
      countryCode: 'CA',
    });
  });

  it('ignores flags passed as undefined (as a CLI parser leaves them)', () => {
    expect(parsePlaceInput('Buffalo, NY', { lat: undefined, radius: undefined })).toMatchObject({
      kind: 'city',
      city: 'Buffalo',
    });
  });

  const bad: Array<[string, string, Parameters<typeof parsePlaceInput>[1], RegExp]> = [
    ['unknown place', 'Springfield', {}, /Cannot tell where "Springfield" is.*--lat 42.89/],
    ['empty name', '  ', {}, /needs a name/],
    [
      'lat out of range',
      'X',
      { lat: '95', lon: '10' },
      /--lat must be a number between -90 and 90 \(got "95"\)/,
    ],
    [
      'lon not a number',
      'X',
      { lat: '42', lon: 'east' },
      /--lon must be a number between -180 and 180 \(got "east"\)/,
    ],
    ['lat without lon', 'X', { lat: '42' }, /need both --lat and --lon/],
    [
      'malformed radius',
      'X',
      { lat: '42', lon: '-78', radius: '50 parsecs' },
      /Radius must look like 50mi or 80km \(got "50 parsecs"\)/,
    ],
    ['zero radius', 'X', { lat: '42', lon: '-78', radius: '0mi' }, /more than 0 and at most 500 miles/],
    ['huge radius', 'X', { lat: '42', lon: '-78', radius: '2000km' }, /at most 500 miles/],
    ['malformed ZIP', 'X', { postal: '1420' }, /Malformed postal code "1420": expected a 5-digit ZIP code/],
    ['unknown state', 'Gotham, ZZ', {}, /Unknown US state "ZZ": use a two-letter code such as NY or CA/],
    ['unknown --state', 'X', { state: 'Atlantis' }, /Unknown US state "Atlantis"/],
    [
      'city without state',
      'X',
      { city: 'Buffalo' },
      /A US city needs its state, e.g. --city "Buffalo" --state NY/,
    ],
    [
      'radius on a state',
      'New York',
      { radius: '50mi' },
      /A radius only applies to coordinates or a postal code/,
    ],
    ['bad country', 'X', { state: 'NY', country: 'USA' }, /Country must be a two-letter code/],
    ['bad time zone', 'X', { state: 'NY', timeZone: 'Mars/Olympus' }, /Unknown time zone "Mars\/Olympus"/],
  ];
  for (const [label, name, options, message] of bad) {
    it(`rejects ${label} with a message saying what to type`, () => {
      expect(() => parsePlaceInput(name, options)).toThrow(PlaceInputError);
      expect(() => parsePlaceInput(name, options)).toThrow(message);
    });
  }
});

describe('parseRadius and placeSlug', () => {
  it('reads miles, kilometres and bare numbers', () => {
    expect(parseRadius('50mi')).toBe(50);
    expect(parseRadius('50 miles')).toBe(50);
    expect(parseRadius('80km')).toBe(49.71);
    expect(parseRadius('25')).toBe(25);
    expect(parseRadius(12.5)).toBe(12.5);
  });

  it('slugs names of any script', () => {
    expect(placeSlug('Buffalo, NY')).toBe('buffalo-ny');
    expect(placeSlug('São Paulo')).toBe('sao-paulo');
    expect(placeSlug('Москва')).toBe('москва');
    expect(() => placeSlug('!!!')).toThrow(/no letters or digits/);
  });
});

describe('windows and dates', () => {
  const now = new Date('2026-06-01T12:00:00Z');

  it('parses window lengths in days and weeks', () => {
    expect(parseWindow('90d')).toBe(90);
    expect(parseWindow('12w')).toBe(84);
    expect(parseWindow('30')).toBe(30);
    expect(() => parseWindow('3 months')).toThrow(/Window must look like 90d or 12w \(got "3 months"\)/);
    expect(() => parseWindow('0d')).toThrow(/between 1 and 365 days/);
    expect(() => parseWindow('400d')).toThrow(/between 1 and 365 days/);
  });

  it('parses real calendar dates only', () => {
    expect(parseDate('2026-12-01').toISOString()).toBe('2026-12-01T00:00:00.000Z');
    expect(() => parseDate('2026-02-30')).toThrow('2026-02-30 is not a real date.');
    expect(() => parseDate('12/01/2026')).toThrow(/Date must look like 2026-12-01 \(got "12\/01\/2026"\)/);
  });

  it('resolves the default, explicit and invalid windows', () => {
    const byDefault = resolveWindow({}, now);
    expect(byDefault.from.toISOString()).toBe('2026-06-01T12:00:00.000Z');
    expect(byDefault.to.toISOString()).toBe('2026-08-30T12:00:00.000Z');
    const explicit = resolveWindow({ from: '2026-07-01', to: '2026-07-31' }, now);
    expect(explicit.from.toISOString()).toBe('2026-07-01T00:00:00.000Z');
    expect(explicit.to.toISOString()).toBe('2026-07-31T23:59:59.000Z');
    expect(() => resolveWindow({ from: '2026-07-31', to: '2026-07-01' }, now)).toThrow(
      /must come after its start \(2026-07-31\)/,
    );
    expect(() => resolveWindow({ window: '30d', to: '2026-07-01' }, now)).toThrow(
      'Give either --window or --to, not both.',
    );
    expect(() => resolveWindow({ from: '2026-01-01', to: '2027-06-01' }, now)).toThrow(/at most 365 days/);
  });
});
