import { afterEach, describe, expect, it } from 'vitest';
import { isSameShow, mergeAcrossSources } from '../../src/events/merge.ts';
import { comparableVenueName } from '../../src/events/names.ts';
import type { NormalisedEvent } from '../../src/events/types.ts';
import { BUFFALO, collect, type Harness, startHarness, window90 } from './helpers.ts';

const SPOTIFY = '4LLpKhyESsyAXpc4laK94U';

function listing(
  source: 'ticketmaster' | 'seatgeek',
  id: string,
  overrides: Partial<NormalisedEvent> = {},
): NormalisedEvent {
  return {
    key: `${source}:${id}`,
    source,
    sourceId: id,
    name: 'Mitski',
    url: source === 'ticketmaster' ? null : `https://seatgeek.com/e/${id}`,
    startUtc: '2026-07-04T23:30:00.000Z',
    localDate: '2026-07-04',
    localTime: '19:30',
    timeZone: 'America/New_York',
    status: 'scheduled',
    classification:
      source === 'ticketmaster' ? { segment: 'Music' } : { segment: 'concert', genre: 'Alternative' },
    venue: {
      key: `${source}:venue:v1`,
      name: source === 'ticketmaster' ? 'The Town Ballroom' : 'Town Ballroom - Buffalo',
      city: 'Buffalo',
      stateCode: 'NY',
      countryCode: 'US',
      postalCode: '14202',
      lat: source === 'ticketmaster' ? 42.8864 : null,
      lon: source === 'ticketmaster' ? -78.8784 : null,
      timeZone: 'America/New_York',
    },
    performers: [{ name: 'Mitski', order: 0, headliner: true, billedFrom: 'source' }],
    ...overrides,
  };
}

describe('mergeAcrossSources', () => {
  it('merges the same show from two sources, Ticketmaster fields first, filling gaps from SeatGeek', () => {
    const tm = listing('ticketmaster', 'T1');
    const sg = listing('seatgeek', '501', {
      name: 'Mitski with Julien Baker',
      performers: [
        {
          name: 'Mitski',
          order: 0,
          headliner: true,
          billedFrom: 'source',
          spotifyArtistId: SPOTIFY,
          genre: 'Alternative',
        },
        { name: 'Julien Baker', order: 1, headliner: false, billedFrom: 'source' },
      ],
    });
    const { events, merged } = mergeAcrossSources([sg, tm]);
    expect(merged).toBe(1);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      key: 'ticketmaster:T1',
      altKeys: ['seatgeek:501'],
      name: 'Mitski',
      url: 'https://seatgeek.com/e/501',
      classification: { segment: 'Music', genre: 'Alternative' },
      venue: { key: 'ticketmaster:venue:v1', name: 'The Town Ballroom', lat: 42.8864 },
      performers: [
        {
          name: 'Mitski',
          order: 0,
          headliner: true,
          billedFrom: 'source',
          spotifyArtistId: SPOTIFY,
          genre: 'Alternative',
        },
      ],
    });
  });

  it('matches venues by distance when the names differ, and not when far apart', () => {
    const tm = listing('ticketmaster', 'T1');
    const near = listing('seatgeek', '501', {
      venue: { ...listing('seatgeek', 'x').venue, name: 'KeyBank Ctr', lat: 42.8875, lon: -78.8784 },
    });
    const far = listing('seatgeek', '502', {
      venue: { ...listing('seatgeek', 'x').venue, name: 'Other Hall', lat: 42.9, lon: -78.8784 },
    });
    expect(isSameShow(tm, near)).toBe(true); // ~120 m
    expect(isSameShow(tm, far)).toBe(false); // ~1.5 km, different name
  });

  it('keeps different dates, different headliners and two listings of one source apart', () => {
    const tm = listing('ticketmaster', 'T1');
    const otherDay = listing('seatgeek', '501', { localDate: '2026-07-05' });
    const otherAct = listing('seatgeek', '502', {
      performers: [{ name: 'Mitski Tribute', order: 0, headliner: true, billedFrom: 'source' }],
    });
    const lateShow = listing('ticketmaster', 'T2', { localTime: '22:00' });
    const { events, merged } = mergeAcrossSources([tm, otherDay, otherAct, lateShow]);
    expect(merged).toBe(0);
    expect(events.map((e) => e.key).sort()).toEqual([
      'seatgeek:501',
      'seatgeek:502',
      'ticketmaster:T1',
      'ticketmaster:T2',
    ]);
  });

  it("lets SeatGeek's performer list replace a bill that was only the event name", () => {
    const tm = listing('ticketmaster', 'T1', {
      name: 'Muse: Will of the People Tour',
      performers: [
        { name: 'Muse: Will of the People Tour', order: 0, headliner: true, billedFrom: 'event_name' },
      ],
    });
    const sg = listing('seatgeek', '501', {
      name: 'Muse',
      performers: [
        { name: 'Muse', order: 0, headliner: true, billedFrom: 'source', sourceId: '9' },
        { name: 'Pretty Reckless', order: 1, headliner: false, billedFrom: 'source', sourceId: '10' },
      ],
    });
    const [event] = mergeAcrossSources([tm, sg]).events;
    expect(event!.name).toBe('Muse: Will of the People Tour');
    expect(event!.performers.map((p) => [p.name, p.billedFrom])).toEqual([
      ['Muse', 'source'],
      ['Pretty Reckless', 'source'],
    ]);
  });

  it('compares venue spellings loosely', () => {
    expect(comparableVenueName('The Orpheum Theatre', 'Boise')).toBe(
      comparableVenueName('Orpheum Theater - Boise', 'Boise'),
    );
    expect(comparableVenueName('Beacon & Co. Tavern', null)).toBe(
      comparableVenueName('Beacon and Co. Tavern', null),
    );
    expect(comparableVenueName('Rialto Centre', 'Tucson')).toBe(
      comparableVenueName('Rialto Center', 'Tucson'),
    );
    expect(comparableVenueName('Town Ballroom', 'Buffalo')).not.toBe(
      comparableVenueName('Town Hall', 'Buffalo'),
    );
  });
});

describe('merging the two simulators', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
  });

  it('folds exactly the shows listed on both into one event each', async () => {
    h = await startHarness({ eventCount: 1500 });
    const tm = await collect(h.ticketmaster(), BUFFALO, window90());
    const sg = await collect(h.seatgeek(), BUFFALO, window90());
    const { events, merged } = mergeAcrossSources([...tm, ...sg]);
    const tmIds = new Set(tm.map((e) => e.sourceId));
    const onBoth = sg.filter((e) => tmIds.has(h!.world.eventBySeatGeekId.get(Number(e.sourceId))!.id));
    expect(onBoth.length).toBeGreaterThan(40);
    expect(merged).toBe(onBoth.length);
    expect(events).toHaveLength(tm.length + sg.length - onBoth.length);
    for (const event of events.filter((e) => e.altKeys.length)) {
      const world = h.world.eventById.get(event.sourceId)!;
      expect(event.altKeys).toEqual([`seatgeek:${world.seatGeekId}`]);
    }
    // Some merged shows had no performer on Ticketmaster: SeatGeek's bill took over.
    const rebilled = events.filter(
      (e) => e.altKeys.length && !h!.world.eventById.get(e.sourceId)!.listsAttractions,
    );
    expect(rebilled.length).toBeGreaterThan(0);
    for (const event of rebilled) expect(event.performers.every((p) => p.billedFrom === 'source')).toBe(true);
  });
});
