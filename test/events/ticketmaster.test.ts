import { afterEach, describe, expect, it } from 'vitest';
import { ticketmasterSearch } from '../../sim/ticketmaster/search.ts';
import { ConfigError } from '../../src/config/config.ts';
import { SourceAuthError, SourceUnavailableError } from '../../src/events/errors.ts';
import { parsePlaceInput } from '../../src/events/places.ts';
import { createTicketmasterSource, ticketmasterPlaceQuery } from '../../src/events/ticketmaster.ts';
import { toTicketmasterDateTime } from '../../src/events/time.ts';
import type { EventPage, FetchWindow, NormalisedEvent, Place } from '../../src/events/types.ts';
import { DeferredError } from '../../src/http/index.ts';
import {
  BUFFALO,
  collect,
  DAY_MS,
  type Harness,
  startHarness,
  tmQueries,
  WORLD_START,
  window90,
} from './helpers.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** The ids the simulated world holds for the same query: the ground truth to compare with. */
function truth(harness: Harness, place: Place, window: FetchWindow): string[] {
  const query = new URLSearchParams({
    ...ticketmasterPlaceQuery(place),
    classificationName: 'music',
    startDateTime: toTicketmasterDateTime(window.from),
    endDateTime: toTicketmasterDateTime(window.to),
  });
  return ticketmasterSearch(harness.world, query).map((e) => e.id);
}

const ids = (events: NormalisedEvent[]) => events.map((e) => e.sourceId).sort();

describe('Ticketmaster adapter against the simulator', () => {
  it('refuses to start without a key, naming TICKETMASTER_API_KEY and where to get one', async () => {
    h = await startHarness();
    expect(() => h!.ticketmaster({ apiKey: undefined })).toThrow(ConfigError);
    expect(() => h!.ticketmaster({ apiKey: '' })).toThrow(
      'TICKETMASTER_API_KEY is not set. It is a Ticketmaster Discovery API key (the default concert source). Where to get it: sign up at https://developer-acct.ticketmaster.com/ and copy the Consumer Key of your app.',
    );
    expect(h.tm.state.requestLog).toHaveLength(0);
  });

  it('explains a 401 invalid key', async () => {
    h = await startHarness();
    const source = h.ticketmaster({ apiKey: 'wrong-key-123' });
    const failure = collect(source, BUFFALO, window90());
    await expect(failure).rejects.toThrow(SourceAuthError);
    await expect(collect(source, BUFFALO, window90())).rejects.toThrow(
      'Ticketmaster rejected the API key (TICKETMASTER_API_KEY) — check it at https://developer-acct.ticketmaster.com/',
    );
    expect(h.tm.state.requestLog.map((r) => r.status)).toEqual([401, 401]);
  });

  it('fetches every music event around a point, with the exact query shapes the API wants', async () => {
    h = await startHarness();
    const events = await collect(h.ticketmaster(), BUFFALO, window90());
    const expected = truth(h, BUFFALO, window90());
    expect(expected.length).toBeGreaterThan(30);
    expect(ids(events)).toEqual([...expected].sort());
    const [query] = tmQueries(h);
    expect(query).toMatchObject({
      classificationName: 'music',
      geoPoint: '42.8864,-78.8784',
      radius: '50',
      unit: 'miles',
      size: '200',
      page: '0',
      sort: 'date,asc',
      startDateTime: '2026-06-01T00:00:00Z',
      endDateTime: '2026-08-30T00:00:00Z',
    });
    // String lat/long became numbers; the venue is the simulated one.
    const sample = events.find((e) => e.performers.some((p) => p.spotifyArtistId))!;
    const worldEvent = h.world.eventById.get(sample.sourceId)!;
    const venue = h.world.venueById.get(worldEvent.venueId)!;
    expect(sample.venue).toMatchObject({
      lat: venue.lat,
      lon: venue.lon,
      name: venue.name,
      timeZone: venue.timeZone,
    });
    const linked = sample.performers.find((p) => p.spotifyArtistId)!;
    const artist = h.world.artists.find((a) => a.name === linked.name)!;
    expect(linked.spotifyArtistId).toBe(artist.spotifyId);
  });

  it('searches postal codes, cities and whole states', async () => {
    h = await startHarness();
    const source = h.ticketmaster();
    const places = [
      parsePlaceInput('Downtown', { postal: '14202', radius: '10mi' }),
      parsePlaceInput('Buffalo, NY'),
      parsePlaceInput('NY'),
    ];
    const counts = [];
    for (const place of places) {
      const events = await collect(source, place, window90());
      expect(ids(events)).toEqual(truth(h, place, window90()).sort());
      counts.push(events.length);
    }
    const queries = tmQueries(h);
    expect(queries[0]).toMatchObject({ postalCode: '14202', radius: '10', unit: 'miles', countryCode: 'US' });
    expect(queries[1]).toMatchObject({ city: 'Buffalo', stateCode: 'NY', countryCode: 'US' });
    expect(queries[2]).toMatchObject({ stateCode: 'NY', countryCode: 'US' });
    expect(queries[2]).not.toHaveProperty('geoPoint');
    // The state holds the outer towns too, so it lists more than the city.
    expect(counts[2]).toBeGreaterThan(counts[1]!);
    expect(counts[0]).toBeGreaterThan(0);
  });

  it('splits a window holding more than 1,000 events into slices and still reads every event', async () => {
    h = await startHarness({ eventCount: 6000 });
    const expected = truth(h, BUFFALO, window90());
    expect(expected.length).toBeGreaterThan(1000);
    const events = await collect(h.ticketmaster(), BUFFALO, window90());
    expect(events).toHaveLength(expected.length);
    expect(ids(events)).toEqual([...expected].sort());
    const log = h.tm.state.requestLog;
    expect(log.every((r) => r.status === 200)).toBe(true);
    expect(log.every((r) => Number(r.query.size) * Number(r.query.page) < 1000)).toBe(true);
    const sliceStarts = new Set(log.map((r) => r.query.startDateTime));
    expect(sliceStarts.size).toBeGreaterThan(1);
    expect([...sliceStarts].every((s) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(s!))).toBe(true);
  });

  it('recovers from a DIS1035 mid-slice by reading on from the last event seen', async () => {
    h = await startHarness();
    h.tm.state.faults.inject('dis1035', { match: (q) => q.get('page') === '2' });
    const events = await collect(h.ticketmaster({ pageSize: 20 }), BUFFALO, window90());
    expect(ids(events)).toEqual(truth(h, BUFFALO, window90()).sort());
    const log = h.tm.state.requestLog;
    const failed = log.findIndex((r) => r.status === 400);
    expect(failed).toBe(2);
    expect(log[failed + 1]!.query.page).toBe('0');
    expect(log[failed + 1]!.query.startDateTime! > log[0]!.query.startDateTime!).toBe(true);
  });

  it('handles an empty result, which has no _embedded at all', async () => {
    h = await startHarness();
    const far: FetchWindow = {
      from: new Date(WORLD_START + 400 * DAY_MS),
      to: new Date(WORLD_START + 430 * DAY_MS),
    };
    const raw = await fetch(
      `${h.tm.url}/events.json?apikey=sim-ticketmaster-key&startDateTime=${toTicketmasterDateTime(far.from)}`,
    ).then((r) => r.json());
    expect(raw).not.toHaveProperty('_embedded');
    expect(raw.page).toEqual({ size: 20, totalElements: 0, totalPages: 0, number: 0 });
    const pages: EventPage[] = [];
    for await (const page of h.ticketmaster().fetchEvents(BUFFALO, far)) pages.push(page);
    expect(pages).toEqual([
      { source: 'ticketmaster', events: [], skipped: [], warnings: [], requests: 1, expectedTotal: 0 },
    ]);
  });

  it('defers on a spent daily quota until Rate-Limit-Reset, keeping the pages already read', async () => {
    h = await startHarness({ eventCount: 6000 }, { tm: { dailyQuota: 3 } });
    const source = h.ticketmaster();
    const kept: NormalisedEvent[] = [];
    let caught: unknown;
    try {
      for await (const page of source.fetchEvents(BUFFALO, window90())) kept.push(...page.events);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DeferredError);
    const deferred = caught as DeferredError;
    expect(deferred.reason).toBe('quota_exceeded');
    expect(deferred.resumeAt).toBe(Date.UTC(2026, 5, 2));
    expect(deferred.message).toContain('paused until 2026-06-02T00:00:00.000Z');
    // Request 1 found >1,000 events and split; requests 2 and 3 read two pages of the first slice.
    expect(kept).toHaveLength(400);
    expect(h.tm.state.requestLog.map((r) => r.status)).toEqual([200, 200, 200, 429]);
    // The API stays paused: a second attempt fails at once, without another request.
    await expect(collect(source, BUFFALO, window90())).rejects.toThrow(DeferredError);
    expect(h.tm.state.requestLog).toHaveLength(4);
  });

  it('waits out a per-second spike arrest and carries on', async () => {
    h = await startHarness();
    h.tm.state.faults.inject('spike');
    const before = h.clock.now();
    const events = await collect(h.ticketmaster(), BUFFALO, window90());
    expect(ids(events)).toEqual(truth(h, BUFFALO, window90()).sort());
    expect(h.tm.state.requestLog.map((r) => r.status)).toEqual([429, 200]);
    expect(h.clock.now() - before).toBeGreaterThanOrEqual(1000);
  });

  it('retries a page that came back as HTML, and gives up clearly when it keeps coming', async () => {
    h = await startHarness();
    h.tm.state.faults.inject('html', { times: 2 });
    const events = await collect(h.ticketmaster(), BUFFALO, window90());
    expect(events.length).toBe(truth(h, BUFFALO, window90()).length);
    expect(h.tm.state.requestLog).toHaveLength(3);
    h.tm.state.faults.inject('html', { times: 3 });
    const failure = collect(h.ticketmaster(), BUFFALO, window90());
    await expect(failure).rejects.toThrow(SourceUnavailableError);
    await expect(failure).rejects.toThrow(
      'Ticketmaster kept returning an HTML page instead of JSON; try again later.',
    );
  });

  it('retries a 500 and reports status changes on the next fetch', async () => {
    h = await startHarness();
    h.tm.state.faults.inject('server_error');
    const first = await collect(h.ticketmaster({ unusableRetries: 0 }), BUFFALO, window90());
    expect(h.tm.state.requestLog.map((r) => r.status)).toEqual([500, 200]);
    const target = first.find((e) => e.status === 'scheduled')!;
    h.tm.state.setStatus(target.sourceId, 'cancelled');
    const second = await collect(h.ticketmaster(), BUFFALO, window90());
    expect(second.find((e) => e.key === target.key)!.status).toBe('cancelled');
  });
});

describe('createTicketmasterSource', () => {
  it('caps the page size at 200', async () => {
    h = await startHarness();
    await collect(
      createTicketmasterSource({
        apiKey: 'sim-ticketmaster-key',
        baseUrl: h.tm.url,
        clock: h.clock,
        pageSize: 500,
      }),
      BUFFALO,
      window90(),
    );
    expect(tmQueries(h)[0]!.size).toBe('200');
  });
});
