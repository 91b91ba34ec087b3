import { describe, expect, it } from 'vitest';
import { parseMbid, parseSpotifyArtistId } from '../../src/events/links.ts';
import { normaliseSeatGeekEvent } from '../../src/events/seatgeek-records.ts';
import { normaliseTicketmasterEvent, ticketmasterStatus } from '../../src/events/ticketmaster-records.ts';
import { localToUtc, toTicketmasterDateTime, zoneOffsetMs } from '../../src/events/time.ts';
import type { NormalisedEvent } from '../../src/events/types.ts';

const SPOTIFY_ID = '0OdUWJ0sBjDrqHygGUXeCF';
const MBID = 'a74b1b7f-71a5-4011-9441-d0b5e4122711';

function tmEvent(overrides: Record<string, unknown> = {}) {
  return {
    id: 'vvG1IZ4Vrs1aGx',
    name: 'Muse: Will of the People Tour',
    url: 'https://www.ticketmaster.com/event/vvG1IZ4Vrs1aGx',
    dates: {
      start: { localDate: '2026-07-04', localTime: '19:30:00', dateTime: '2026-07-04T23:30:00Z' },
      timezone: 'America/New_York',
      status: { code: 'onsale' },
    },
    classifications: [
      { segment: { name: 'Music' }, genre: { name: 'Rock' }, subGenre: { name: 'Undefined' } },
    ],
    _embedded: {
      venues: [
        {
          id: 'KovZpZAEdntA',
          name: 'KeyBank Center',
          postalCode: '14203',
          timezone: 'America/New_York',
          city: { name: 'Buffalo' },
          state: { stateCode: 'NY' },
          country: { countryCode: 'US' },
          location: { longitude: '-78.876', latitude: '42.875' },
        },
      ],
      attractions: [
        {
          id: 'K8vZ9171ob7',
          name: 'Muse',
          classifications: [{ genre: { name: 'Rock' } }],
          externalLinks: {
            spotify: [{ url: `https://open.spotify.com/artist/${SPOTIFY_ID}?autoplay=true` }],
            musicbrainz: [{ id: MBID }],
          },
        },
        { id: 'K8vZ917_Support', name: 'Zoso - The Ultimate Led Zeppelin Experience' },
      ],
    },
    ...overrides,
  };
}

function ok(result: ReturnType<typeof normaliseTicketmasterEvent>): NormalisedEvent {
  if ('problem' in result) throw new Error(result.problem);
  return result.event;
}

describe('Ticketmaster records', () => {
  it('normalises an event: string lat/long, Spotify link without its query, MBID, billing order', () => {
    const event = ok(normaliseTicketmasterEvent(tmEvent()));
    expect(event).toEqual({
      key: 'ticketmaster:vvG1IZ4Vrs1aGx',
      source: 'ticketmaster',
      sourceId: 'vvG1IZ4Vrs1aGx',
      name: 'Muse: Will of the People Tour',
      url: 'https://www.ticketmaster.com/event/vvG1IZ4Vrs1aGx',
      startUtc: '2026-07-04T23:30:00.000Z',
      localDate: '2026-07-04',
      localTime: '19:30',
      timeZone: 'America/New_York',
      status: 'scheduled',
      classification: { segment: 'Music', genre: 'Rock' },
      venue: {
        key: 'ticketmaster:venue:KovZpZAEdntA',
        name: 'KeyBank Center',
        city: 'Buffalo',
        stateCode: 'NY',
        countryCode: 'US',
        postalCode: '14203',
        lat: 42.875,
        lon: -78.876,
        timeZone: 'America/New_York',
      },
      performers: [
        {
          name: 'Muse',
          order: 0,
          headliner: true,
          billedFrom: 'source',
          sourceId: 'K8vZ9171ob7',
          spotifyArtistId: SPOTIFY_ID,
          mbid: MBID,
          genre: 'Rock',
        },
        {
          name: 'Zoso - The Ultimate Led Zeppelin Experience',
          order: 1,
          headliner: false,
          billedFrom: 'source',
          sourceId: 'K8vZ917_Support',
        },
      ],
    });
  });

  it('bills the event name when no attraction is listed, verbatim for the matcher to split', () => {
    const raw = tmEvent({ name: 'Artist A with Artist B' });
    delete (raw._embedded as { attractions?: unknown }).attractions;
    expect(ok(normaliseTicketmasterEvent(raw)).performers).toEqual([
      { name: 'Artist A with Artist B', order: 0, headliner: true, billedFrom: 'event_name' },
    ]);
  });

  it('derives the UTC start from local time and zone when dateTime is missing, and leaves TBA times empty', () => {
    const noInstant = tmEvent({
      dates: { start: { localDate: '2026-12-31', localTime: '21:00:00' }, timezone: 'America/Denver' },
    });
    expect(ok(normaliseTicketmasterEvent(noInstant)).startUtc).toBe('2027-01-01T04:00:00.000Z');
    const tba = tmEvent({
      dates: { start: { localDate: '2026-12-31', timeTBA: true }, timezone: 'America/Denver' },
    });
    const event = ok(normaliseTicketmasterEvent(tba));
    expect([event.localTime, event.startUtc]).toEqual([null, null]);
  });

  it('maps status codes', () => {
    expect(
      ['onsale', 'offsale', 'cancelled', 'canceled', 'postponed', 'rescheduled', 'weird', undefined].map(
        ticketmasterStatus,
      ),
    ).toEqual([
      'scheduled',
      'scheduled',
      'cancelled',
      'cancelled',
      'postponed',
      'rescheduled',
      'scheduled',
      'scheduled',
    ]);
  });

  it('reports records it cannot use instead of throwing', () => {
    expect(normaliseTicketmasterEvent({ id: 'x1', name: 'No dates' })).toEqual({
      problem: 'dates: Invalid input: expected object, received undefined',
      sourceId: 'x1',
    });
    const noVenue = tmEvent({ _embedded: { attractions: [] } });
    expect(normaliseTicketmasterEvent(noVenue)).toEqual({
      problem: 'event has no venue',
      sourceId: 'vvG1IZ4Vrs1aGx',
    });
  });
});

function sgEvent(overrides: Record<string, unknown> = {}) {
  return {
    id: 5123456,
    title: 'Khruangbin with Leon Bridges',
    status: 'normal',
    datetime_utc: '2026-03-08T03:30:00',
    datetime_local: '2026-03-07T19:30:00',
    time_tbd: false,
    url: 'https://seatgeek.com/khruangbin-tickets/2026-03-07/5123456',
    taxonomies: [{ name: 'concert' }],
    venue: {
      id: 1234,
      name: 'Moody Amphitheater',
      city: 'Austin',
      state: 'TX',
      country: 'US',
      postal_code: '78704',
      timezone: 'America/Chicago',
      location: { lat: 30.2639, lon: -97.7724 },
    },
    performers: [
      { id: 2, name: 'Leon Bridges', primary: false, genres: [{ name: 'R&B', primary: true }] },
      {
        id: 1,
        name: 'Khruangbin',
        primary: true,
        genres: [{ name: 'Alternative', primary: true }],
        links: [{ provider: 'spotify', id: `spotify:artist:${SPOTIFY_ID}` }],
      },
    ],
    ...overrides,
  };
}

describe('SeatGeek records', () => {
  it('reads the zone-less local time on the venue clock and the zone-less UTC time as UTC', () => {
    const event = ok(normaliseSeatGeekEvent(sgEvent()));
    expect(event).toMatchObject({
      key: 'seatgeek:5123456',
      sourceId: '5123456',
      localDate: '2026-03-07',
      localTime: '19:30',
      timeZone: 'America/Chicago',
      startUtc: '2026-03-08T03:30:00.000Z',
      classification: { segment: 'concert', genre: 'Alternative' },
      venue: { key: 'seatgeek:venue:1234', lat: 30.2639, lon: -97.7724, stateCode: 'TX' },
    });
  });

  it('computes UTC from local time + venue zone when datetime_utc is absent (across a DST change)', () => {
    // 8 March 2026 is the spring-forward day in the US: 19:30 CDT is 00:30Z next day.
    const event = ok(
      normaliseSeatGeekEvent(sgEvent({ datetime_utc: null, datetime_local: '2026-03-08T19:30:00' })),
    );
    expect(event.startUtc).toBe('2026-03-09T00:30:00.000Z');
    const winter = ok(
      normaliseSeatGeekEvent(sgEvent({ datetime_utc: undefined, datetime_local: '2026-03-07T19:30:00' })),
    );
    expect(winter.startUtc).toBe('2026-03-08T01:30:00.000Z');
  });

  it('puts the primary performer first, takes the rare Spotify link, and tolerates missing links', () => {
    expect(ok(normaliseSeatGeekEvent(sgEvent())).performers).toEqual([
      {
        name: 'Khruangbin',
        order: 0,
        headliner: true,
        billedFrom: 'source',
        sourceId: '1',
        spotifyArtistId: SPOTIFY_ID,
        genre: 'Alternative',
      },
      { name: 'Leon Bridges', order: 1, headliner: false, billedFrom: 'source', sourceId: '2', genre: 'R&B' },
    ]);
  });

  it('treats a to-be-decided time as no time, and maps statuses', () => {
    const tbd = ok(
      normaliseSeatGeekEvent(
        sgEvent({ time_tbd: true, datetime_local: '2026-03-07T03:30:00', status: 'postponed' }),
      ),
    );
    expect([tbd.localDate, tbd.localTime, tbd.startUtc, tbd.status]).toEqual([
      '2026-03-07',
      null,
      null,
      'postponed',
    ]);
    expect(ok(normaliseSeatGeekEvent(sgEvent({ status: 'cancelled' }))).status).toBe('cancelled');
  });

  it('bills the title when no performer is listed, and reports unusable records', () => {
    expect(ok(normaliseSeatGeekEvent(sgEvent({ performers: [] }))).performers).toEqual([
      { name: 'Khruangbin with Leon Bridges', order: 0, headliner: true, billedFrom: 'event_name' },
    ]);
    expect(normaliseSeatGeekEvent(sgEvent({ datetime_local: 'soon' }))).toEqual({
      problem: 'datetime_local: expected YYYY-MM-DDTHH:MM:SS',
      sourceId: '5123456',
    });
  });
});

describe('time and links', () => {
  it('converts wall-clock times in zones with and without DST', () => {
    expect(localToUtc('2026-07-04', '19:30', 'America/New_York').toISOString()).toBe(
      '2026-07-04T23:30:00.000Z',
    );
    expect(localToUtc('2026-01-15', '19:30', 'America/New_York').toISOString()).toBe(
      '2026-01-16T00:30:00.000Z',
    );
    expect(localToUtc('2026-07-04', '19:30', 'America/Phoenix').toISOString()).toBe(
      '2026-07-05T02:30:00.000Z',
    );
    // 02:30 does not exist on 8 March 2026 in New York; it lands an hour later on the new clock.
    expect(localToUtc('2026-03-08', '02:30', 'America/New_York').toISOString()).toBe(
      '2026-03-08T07:30:00.000Z',
    );
    // 01:30 happens twice on 1 November 2026 in New York; the first (EDT) is meant.
    expect(localToUtc('2026-11-01', '01:30', 'America/New_York').toISOString()).toBe(
      '2026-11-01T05:30:00.000Z',
    );
    expect(zoneOffsetMs(Date.UTC(2026, 6, 1), 'Europe/Berlin')).toBe(2 * 3_600_000);
  });

  it("formats Ticketmaster's exact date-time shape", () => {
    expect(toTicketmasterDateTime(new Date('2026-06-01T12:34:56.789Z'))).toBe('2026-06-01T12:34:56Z');
  });

  it('parses Spotify artist ids from URLs and URIs only', () => {
    expect(parseSpotifyArtistId(`https://open.spotify.com/artist/${SPOTIFY_ID}?si=abc`)).toBe(SPOTIFY_ID);
    expect(parseSpotifyArtistId(`https://open.spotify.com/intl-de/artist/${SPOTIFY_ID}`)).toBe(SPOTIFY_ID);
    expect(parseSpotifyArtistId(`spotify:artist:${SPOTIFY_ID}`)).toBe(SPOTIFY_ID);
    expect(parseSpotifyArtistId(`https://open.spotify.com/track/${SPOTIFY_ID}`)).toBeUndefined();
    expect(parseSpotifyArtistId('https://open.spotify.com/artist/short')).toBeUndefined();
    expect(parseSpotifyArtistId(`https://evil.example/artist/${SPOTIFY_ID}`)).toBeUndefined();
    expect(parseMbid(MBID.toUpperCase())).toBe(MBID);
    expect(parseMbid('not-an-mbid')).toBeUndefined();
  });
});
