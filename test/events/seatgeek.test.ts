import { afterEach, describe, expect, it } from 'vitest';
import { seatGeekSearch } from '../../sim/seatgeek/search.ts';
import { ConfigError } from '../../src/config/config.ts';
import { SourceAuthError, SourceUnavailableError } from '../../src/events/errors.ts';
import { seatGeekPlaceQuery } from '../../src/events/seatgeek.ts';
import { toSeatGeekUtc } from '../../src/events/time.ts';
import type { FetchWindow, NormalisedEvent, Place } from '../../src/events/types.ts';
import { BUFFALO, collect, type Harness, startHarness, window90 } from './helpers.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

function truth(harness: Harness, place: Place, window: FetchWindow): string[] {
  const query = new URLSearchParams({
    ...seatGeekPlaceQuery(place),
    'taxonomies.name': 'concert',
    'datetime_utc.gte': toSeatGeekUtc(window.from),
    'datetime_utc.lte': toSeatGeekUtc(window.to),
  });
  return seatGeekSearch(harness.world, query).map((e) => String(e.seatGeekId));
}

const ids = (events: NormalisedEvent[]) => events.map((e) => e.sourceId).sort();
const sgStatuses = (harness: Harness) => harness.sg.state.requestLog.map((r) => r.status);

describe('SeatGeek adapter against the simulator', () => {
  it('is not built without a client id; the message says new keys stay pending approval', async () => {
    h = await startHarness();
    expect(() => h!.seatgeek({ clientId: undefined })).toThrow(ConfigError);
    expect(() => h!.seatgeek({ clientId: undefined })).toThrow(
      /SEATGEEK_CLIENT_ID is not set\..*pending approval/,
    );
  });

  it('explains a 403 for a client id still pending approval', async () => {
    h = await startHarness(
      {},
      { sg: { clientIds: ['sim-seatgeek-client', 'pending-client'], pendingClientIds: ['pending-client'] } },
    );
    const failure = collect(h.seatgeek({ clientId: 'pending-client' }), BUFFALO, window90());
    await expect(failure).rejects.toThrow(SourceAuthError);
    await expect(failure).rejects.toThrow(
      'SeatGeek refused the client id (SEATGEEK_CLIENT_ID, error 40307). New SeatGeek developer accounts often stay "pending approval" and cannot query events yet: check https://seatgeek.com/account/develop, or unset SEATGEEK_CLIENT_ID — encore works with Ticketmaster alone.',
    );
    expect(sgStatuses(h)).toEqual([403]);
  });

  it('pages through every concert around a point, 50 per page, from page 1', async () => {
    h = await startHarness({ eventCount: 1500 });
    const expected = truth(h, BUFFALO, window90());
    expect(expected.length).toBeGreaterThan(50);
    const events = await collect(h.seatgeek(), BUFFALO, window90());
    expect(ids(events)).toEqual([...expected].sort());
    const queries = h.sg.state.requestLog.map((r) => r.query);
    expect(queries.map((q) => q.page)).toEqual(
      Array.from({ length: Math.ceil(expected.length / 50) }, (_, i) => String(i + 1)),
    );
    expect(queries[0]).toMatchObject({
      client_id: 'sim-seatgeek-client',
      'taxonomies.name': 'concert',
      lat: '42.8864',
      lon: '-78.8784',
      range: '50mi',
      per_page: '50',
      sort: 'datetime_utc.asc',
      'datetime_utc.gte': '2026-06-01T00:00:00',
      'datetime_utc.lte': '2026-08-30T00:00:00',
    });
  });

  it('follows the per_page the API answers with when it caps the one asked for', async () => {
    h = await startHarness({ eventCount: 1500 }, { sg: { perPageCap: 30 } });
    const events = await collect(h.seatgeek({ perPage: 100 }), BUFFALO, window90());
    const expected = truth(h, BUFFALO, window90());
    expect(ids(events)).toEqual([...expected].sort());
    expect(h.sg.state.requestLog).toHaveLength(Math.ceil(expected.length / 30));
  });

  it('reads zone-less local times on the venue clock, with TBD times left empty', async () => {
    h = await startHarness({ eventCount: 1500 });
    const checked = { timed: 0, tbd: 0 };
    for (const spec of h.world.places) {
      const place: Place = {
        id: spec.city,
        name: spec.name,
        kind: 'city',
        city: spec.city,
        stateCode: spec.stateCode,
        countryCode: 'US',
      };
      for (const event of await collect(h.seatgeek(), place, window90())) {
        const world = h.world.eventBySeatGeekId.get(Number(event.sourceId))!;
        const venue = h.world.venueById.get(world.venueId)!;
        expect(event.localDate).toBe(world.localDate);
        expect(event.timeZone).toBe(venue.timeZone);
        if (world.localTime) {
          expect(event.localTime).toBe(world.localTime.slice(0, 5));
          expect(event.startUtc).toBe(new Date(world.startUtcMs).toISOString());
          checked.timed++;
        } else {
          expect([event.localTime, event.startUtc]).toEqual([null, null]);
          checked.tbd++;
        }
      }
    }
    expect(checked.timed).toBeGreaterThan(300);
    expect(checked.tbd).toBeGreaterThan(0);
    // Zones differ across the places (Eastern to Pacific, and Arizona without DST).
    expect(new Set(h.world.places.map((p) => p.timeZone)).size).toBe(5);
  });

  it('takes Spotify ids from the few performers that still carry links', async () => {
    h = await startHarness({ eventCount: 1500 });
    const performers = (await collect(h.seatgeek(), BUFFALO, window90())).flatMap((e) => e.performers);
    const linked = performers.filter((p) => p.spotifyArtistId);
    expect(linked.length).toBeGreaterThan(0);
    expect(linked.length).toBeLessThan(performers.length * 0.25);
    for (const p of linked)
      expect(p.spotifyArtistId).toBe(h.world.artists.find((a) => a.name === p.name)!.spotifyId);
  });

  it('asks again when page 1 comes back empty, and gets the real page', async () => {
    h = await startHarness();
    h.sg.state.faults.inject('empty');
    const events = await collect(h.seatgeek(), BUFFALO, window90());
    expect(events.length).toBe(truth(h, BUFFALO, window90()).length);
    expect(events.length).toBeGreaterThan(0);
    expect(h.sg.state.requestLog.map((r) => r.query.page)).toEqual(['1', '1']);
  });

  it('accepts a place that really has no concerts after one retry', async () => {
    h = await startHarness();
    const nowhere: Place = {
      id: 'nowhere',
      name: 'Nowhere',
      kind: 'point',
      lat: 0,
      lon: 0,
      radiusMiles: 10,
      countryCode: 'US',
    };
    expect(await collect(h.seatgeek(), nowhere, window90())).toEqual([]);
    expect(h.sg.state.requestLog).toHaveLength(2);
  });

  it('retries an HTML CAPTCHA page, then reports the source failed for this place', async () => {
    h = await startHarness();
    h.sg.state.faults.inject('captcha', { times: 2 });
    const events = await collect(h.seatgeek(), BUFFALO, window90());
    expect(events.length).toBe(truth(h, BUFFALO, window90()).length);
    expect(h.sg.state.requestLog).toHaveLength(3);
    h.sg.state.faults.inject('captcha', { times: 3 });
    const failure = collect(h.seatgeek(), BUFFALO, window90());
    await expect(failure).rejects.toThrow(SourceUnavailableError);
    await expect(failure).rejects.toThrow(
      'SeatGeek kept returning an HTML page instead of JSON (likely its anti-bot CAPTCHA); skipped SeatGeek for this place this time.',
    );
  });
});

describe('SeatGeek place kinds', () => {
  it('searches by postal code (geoip), city and state', async () => {
    h = await startHarness({ eventCount: 1500 });
    const places: Place[] = [
      { id: 'zip', name: 'Zip', kind: 'postal', postalCode: '14202', radiusMiles: 10, countryCode: 'US' },
      { id: 'city', name: 'Buffalo', kind: 'city', city: 'Buffalo', stateCode: 'NY', countryCode: 'US' },
      { id: 'ny', name: 'NY', kind: 'state', stateCode: 'NY', countryCode: 'US' },
    ];
    const counts = [];
    for (const place of places) {
      const events = await collect(h.seatgeek(), place, window90());
      expect(ids(events)).toEqual(truth(h, place, window90()).sort());
      counts.push(events.length);
    }
    const queries = h.sg.state.requestLog.map((r) => r.query);
    expect(queries.find((q) => q.geoip)).toMatchObject({ geoip: '14202', range: '10mi' });
    expect(queries.find((q) => q['venue.city'])).toMatchObject({
      'venue.city': 'Buffalo',
      'venue.state': 'NY',
      'venue.country': 'US',
    });
    expect(counts.every((n) => n > 0)).toBe(true);
    expect(counts[2]).toBeGreaterThan(counts[1]!);
  });
});
