import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MergedEvent, NormalisedEvent, Place } from '../../src/events/types.ts';
import { listUpcomingEvents, pruneEvents, upsertEvents } from '../../src/store/events.ts';
import { getPlace, listPlaces, removePlace, savePlace } from '../../src/store/places.ts';
import { BUFFALO, openTempDb, type TempDb } from './helpers.ts';

const T0 = new Date('2026-06-01T00:00:00Z');
const T1 = new Date('2026-06-08T00:00:00Z');

function show(id: string, localDate: string, overrides: Partial<NormalisedEvent> = {}): NormalisedEvent {
  return {
    key: `ticketmaster:${id}`,
    source: 'ticketmaster',
    sourceId: id,
    name: `Show ${id}`,
    url: `https://www.ticketmaster.com/event/${id}`,
    startUtc: `${localDate}T23:30:00.000Z`,
    localDate,
    localTime: '19:30',
    timeZone: 'America/New_York',
    status: 'scheduled',
    classification: { segment: 'Music', genre: 'Rock' },
    venue: {
      key: 'ticketmaster:venue:V1',
      name: 'Town Ballroom',
      city: 'Buffalo',
      stateCode: 'NY',
      countryCode: 'US',
      postalCode: '14202',
      lat: 42.8864,
      lon: -78.8784,
      timeZone: 'America/New_York',
    },
    performers: [
      {
        name: `Headliner ${id}`,
        order: 0,
        headliner: true,
        billedFrom: 'source',
        sourceId: `A${id}`,
        spotifyArtistId: '0OdUWJ0sBjDrqHygGUXeCF',
        mbid: 'a74b1b7f-71a5-4011-9441-d0b5e4122711',
        genre: 'Rock',
      },
      { name: 'Artist A & Artist B', order: 1, headliner: false, billedFrom: 'source' },
    ],
    ...overrides,
  };
}

let temp: TempDb;
beforeEach(async () => {
  temp = await openTempDb();
  await savePlace(temp.db, BUFFALO, T0);
});
afterEach(async () => {
  await temp.close();
});

describe('upsertEvents', () => {
  it('stores new events with venue, bill and place, and a rerun changes nothing', async () => {
    const events = [show('E1', '2026-07-01'), show('E2', '2026-07-02')];
    expect(await upsertEvents(temp.db, BUFFALO.id, events, T0)).toEqual({
      new: 2,
      updated: 0,
      cancelled: 0,
      unchanged: 0,
      absorbed: 0,
    });
    expect(await upsertEvents(temp.db, BUFFALO.id, events, T1)).toEqual({
      new: 0,
      updated: 0,
      cancelled: 0,
      unchanged: 2,
      absorbed: 0,
    });
    const [first] = await listUpcomingEvents(temp.db, { placeId: BUFFALO.id });
    expect(first).toEqual({
      ...events[0],
      altKeys: [],
      performers: events[0]!.performers.map((p) => ({ ...p, tribute: null })),
      placeIds: ['buffalo-ny'],
      firstSeenAt: T0.toISOString(),
      lastSeenAt: T1.toISOString(),
      updatedAt: T0.toISOString(),
      statusChangedAt: null,
    });
  });

  it('updates a status change, counting cancellations apart, and keeps the row', async () => {
    await upsertEvents(temp.db, BUFFALO.id, [show('E1', '2026-07-01'), show('E2', '2026-07-02')], T0);
    const changed = [
      show('E1', '2026-07-01', { status: 'cancelled' }),
      show('E2', '2026-07-02', { status: 'postponed' }),
    ];
    expect(await upsertEvents(temp.db, BUFFALO.id, changed, T1)).toEqual({
      new: 0,
      updated: 1,
      cancelled: 1,
      unchanged: 0,
      absorbed: 0,
    });
    const visible = await listUpcomingEvents(temp.db, {});
    expect(visible.map((e) => [e.key, e.status, e.statusChangedAt])).toEqual([
      ['ticketmaster:E2', 'postponed', T1.toISOString()],
    ]);
    const all = await listUpcomingEvents(temp.db, { includeCancelled: true });
    expect(all.map((e) => [e.key, e.status, e.firstSeenAt, e.updatedAt])).toEqual([
      ['ticketmaster:E1', 'cancelled', T0.toISOString(), T1.toISOString()],
      ['ticketmaster:E2', 'postponed', T0.toISOString(), T1.toISOString()],
    ]);
  });

  it("rewrites the bill only when it changed, keeping the matcher's tribute verdicts otherwise", async () => {
    await upsertEvents(temp.db, BUFFALO.id, [show('E1', '2026-07-01'), show('E2', '2026-07-02')], T0);
    await temp.db.run(
      "UPDATE event_performers SET tribute = false WHERE event_key IN ('ticketmaster:E1', 'ticketmaster:E2')",
    );
    const rebilled = show('E2', '2026-07-02', {
      performers: [{ name: 'New Headliner', order: 0, headliner: true, billedFrom: 'source' }],
    });
    const renamed = show('E1', '2026-07-01', { name: 'Show E1 (moved upstairs)' });
    expect(await upsertEvents(temp.db, BUFFALO.id, [renamed, rebilled], T1)).toMatchObject({ updated: 2 });
    const [e1, e2] = await listUpcomingEvents(temp.db, {});
    expect(e1!.name).toBe('Show E1 (moved upstairs)');
    expect(e1!.performers.map((p) => p.tribute)).toEqual([false, false]);
    expect(e2!.performers).toEqual([
      { name: 'New Headliner', order: 0, headliner: true, billedFrom: 'source', tribute: null },
    ]);
  });

  it('absorbs a SeatGeek-only row once the show is merged, and treats its later listing as seen', async () => {
    const sgOnly: NormalisedEvent = {
      ...show('501', '2026-07-01'),
      key: 'seatgeek:501',
      source: 'seatgeek',
      sourceId: '501',
      venue: { ...show('x', '2026-07-01').venue, key: 'seatgeek:venue:9' },
    };
    await upsertEvents(temp.db, BUFFALO.id, [sgOnly], T0);
    const merged: MergedEvent = { ...show('E1', '2026-07-01'), altKeys: ['seatgeek:501'] };
    expect(await upsertEvents(temp.db, BUFFALO.id, [merged], T1)).toEqual({
      new: 1,
      updated: 0,
      cancelled: 0,
      unchanged: 0,
      absorbed: 1,
    });
    const rows = await listUpcomingEvents(temp.db, {});
    expect(rows.map((e) => [e.key, e.altKeys, e.placeIds])).toEqual([
      ['ticketmaster:E1', ['seatgeek:501'], ['buffalo-ny']],
    ]);
    // Next time only SeatGeek answers: its listing finds the merged row instead of making a duplicate.
    expect(await upsertEvents(temp.db, BUFFALO.id, [sgOnly], new Date('2026-06-15T00:00:00Z'))).toEqual({
      new: 0,
      updated: 0,
      cancelled: 0,
      unchanged: 1,
      absorbed: 0,
    });
    const after = await listUpcomingEvents(temp.db, {});
    expect(after.map((e) => [e.key, e.lastSeenAt])).toEqual([
      ['ticketmaster:E1', '2026-06-15T00:00:00.000Z'],
    ]);
    expect(
      (await temp.db.all('SELECT venue_key FROM venues ORDER BY venue_key')).map((r) => r.venue_key),
    ).toEqual(['seatgeek:venue:9', 'ticketmaster:venue:V1']);
  });

  it('links one event to every place that listed it', async () => {
    const other: Place = { ...BUFFALO, id: 'niagara', name: 'Niagara' };
    await savePlace(temp.db, other, T0);
    await upsertEvents(temp.db, BUFFALO.id, [show('E1', '2026-07-01')], T0);
    expect(await upsertEvents(temp.db, other.id, [show('E1', '2026-07-01')], T0)).toMatchObject({
      unchanged: 1,
    });
    expect((await listUpcomingEvents(temp.db, { placeId: 'niagara' }))[0]!.placeIds).toEqual([
      'buffalo-ny',
      'niagara',
    ]);
  });

  it('handles a few thousand events in one call', async () => {
    const many = Array.from({ length: 2500 }, (_, i) =>
      show(`M${i}`, `2026-07-${String((i % 28) + 1).padStart(2, '0')}`),
    );
    expect(await upsertEvents(temp.db, BUFFALO.id, many, T0)).toMatchObject({ new: 2500 });
    expect(await upsertEvents(temp.db, BUFFALO.id, many, T1)).toMatchObject({ unchanged: 2500 });
    const counts = await temp.db.one<{ events: number; performers: number }>(
      'SELECT (SELECT count(*) FROM events) AS events, (SELECT count(*) FROM event_performers) AS performers',
    );
    expect(counts).toEqual({ events: 2500, performers: 5000 });
  });
});

describe('listUpcomingEvents filters and pruneEvents', () => {
  beforeEach(async () => {
    await upsertEvents(
      temp.db,
      BUFFALO.id,
      [
        show('PAST', '2026-05-20'),
        show('SOON', '2026-06-10'),
        show('TBA', '2026-06-20', { startUtc: null, localTime: null }),
        show('LATER', '2026-09-01'),
        show('OFF', '2026-06-15', { status: 'cancelled' }),
      ],
      T0,
    );
  });

  it('filters by time window, with shows without a time judged by their date', async () => {
    const upcoming = await listUpcomingEvents(temp.db, {
      from: new Date('2026-06-01T12:00:00Z'),
      to: new Date('2026-08-30T00:00:00Z'),
    });
    expect(upcoming.map((e) => e.sourceId)).toEqual(['SOON', 'TBA']);
    expect(upcoming[1]).toMatchObject({ startUtc: null, localTime: null, localDate: '2026-06-20' });
    expect(
      (await listUpcomingEvents(temp.db, { includeCancelled: true, from: T0 })).map((e) => e.sourceId),
    ).toEqual(['SOON', 'OFF', 'TBA', 'LATER']);
    expect(await listUpcomingEvents(temp.db, { placeId: 'elsewhere' })).toEqual([]);
  });

  it('prunes past shows (and cancelled ones when asked), then unused venues', async () => {
    expect(await pruneEvents(temp.db, new Date('2026-06-01T00:00:00Z'))).toEqual({ events: 1, venues: 0 });
    expect(await pruneEvents(temp.db, new Date('2026-06-01T00:00:00Z'), { cancelled: true })).toEqual({
      events: 1,
      venues: 0,
    });
    const left = await listUpcomingEvents(temp.db, { includeCancelled: true });
    expect(left.map((e) => e.sourceId)).toEqual(['SOON', 'TBA', 'LATER']);
    expect(await pruneEvents(temp.db, new Date('2027-01-01T00:00:00Z'))).toEqual({ events: 3, venues: 1 });
    const leftovers = await temp.db.one<{ n: number }>(
      'SELECT (SELECT count(*) FROM events) + (SELECT count(*) FROM event_performers) + (SELECT count(*) FROM event_places) + (SELECT count(*) FROM venues) AS n',
    );
    expect(leftovers!.n).toBe(0);
  });
});

describe('places', () => {
  it('saves, lists, updates and removes places; removing keeps the events as history', async () => {
    const state: Place = { id: 'ny', name: 'NY', kind: 'state', stateCode: 'NY', countryCode: 'US' };
    expect(await savePlace(temp.db, state, T0)).toBe('created');
    expect(await listPlaces(temp.db)).toEqual([BUFFALO, state]);
    expect(await savePlace(temp.db, { ...BUFFALO, radiusMiles: 25, timeZone: 'America/New_York' }, T1)).toBe(
      'updated',
    );
    expect(await getPlace(temp.db, 'buffalo-ny')).toEqual({
      ...BUFFALO,
      radiusMiles: 25,
      timeZone: 'America/New_York',
    });
    await upsertEvents(temp.db, BUFFALO.id, [show('E1', '2026-07-01')], T0);
    expect(await removePlace(temp.db, 'buffalo-ny')).toBe(true);
    expect(await removePlace(temp.db, 'buffalo-ny')).toBe(false);
    expect(await getPlace(temp.db, 'buffalo-ny')).toBeUndefined();
    const [kept] = await listUpcomingEvents(temp.db, {});
    expect([kept!.key, kept!.placeIds]).toEqual(['ticketmaster:E1', []]);
  });
});
