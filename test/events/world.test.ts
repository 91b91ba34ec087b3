import { describe, expect, it } from 'vitest';
import { DEFAULT_ARTISTS } from '../../sim/concerts/artists.ts';
import { BENCHMARK_WORLD_OPTIONS, createConcertWorld, setEventStatus } from '../../sim/concerts/world.ts';

describe('the simulated concert world', () => {
  it('is the same for the same seed and different for another', () => {
    const a = createConcertWorld({ seed: 3 });
    const b = createConcertWorld({ seed: 3 });
    const c = createConcertWorld({ seed: 4 });
    expect(b.events.map((e) => [e.id, e.name, e.localDate, e.localTime])).toEqual(
      a.events.map((e) => [e.id, e.name, e.localDate, e.localTime]),
    );
    expect(c.events.map((e) => e.id)).not.toEqual(a.events.map((e) => e.id));
  });

  it('meets the shows benchmark sizes with the benchmark preset', () => {
    const world = createConcertWorld({ seed: 1, ...BENCHMARK_WORLD_OPTIONS });
    const slots = world.events.flatMap((e) => e.performers);
    expect(world.events.length).toBeGreaterThanOrEqual(1500);
    expect(slots.length).toBeGreaterThanOrEqual(3000);
    expect(new Set(slots).size).toBeGreaterThanOrEqual(1200);
    const listed = world.events
      .filter((e) => e.onTicketmaster && e.listsAttractions)
      .flatMap((e) => e.performers);
    const linked = listed.filter((i) => world.artists[i]!.ticketmasterLinksSpotify).length;
    expect(linked / listed.length).toBeGreaterThanOrEqual(0.4);
  });

  it('takes the artist list it is given, hard cases included, and invents the rest', () => {
    const given = [
      { name: 'Zoso - The Ultimate Led Zeppelin Experience', spotifyId: null },
      {
        name: 'Beyoncé',
        spotifyId: '6vWDO969PvNqNYHIOW5v0m',
        mbid: '859d0860-d480-4efd-970c-c05d5f1776b8',
        genre: 'R&B',
      },
    ];
    const world = createConcertWorld({ artists: given, artistCount: 50, eventCount: 100 });
    expect(world.artists).toHaveLength(50);
    expect(world.artists[0]).toMatchObject({
      name: 'Zoso - The Ultimate Led Zeppelin Experience',
      spotifyId: null,
      ticketmasterLinksSpotify: false,
    });
    expect(world.artists[1]).toMatchObject({
      name: 'Beyoncé',
      spotifyId: '6vWDO969PvNqNYHIOW5v0m',
      genre: 'R&B',
    });
    expect(new Set(world.artists.map((a) => a.name)).size).toBe(50);
    const names = DEFAULT_ARTISTS.map((a) => a.name);
    for (const hard of [
      'Tribute to Led Zeppelin',
      'Khruangbin & Leon Bridges',
      'Bonnie Raitt with Lyle Lovett',
      'Muse: Will of the People Tour',
      'The Band',
      'The Band Perry',
      '!!!',
      'P!nk',
      'Мумий Тролль',
    ]) {
      expect(names).toContain(hard);
    }
  });

  it('lists about 30% of shows on SeatGeek too, some only there, with statuses and club shows without performers', () => {
    const world = createConcertWorld({ seed: 2, eventCount: 1000 });
    const onTicketmaster = world.events.filter((e) => e.onTicketmaster);
    const shared = onTicketmaster.filter((e) => e.seatGeekId !== null).length / onTicketmaster.length;
    expect(shared).toBeGreaterThan(0.25);
    expect(shared).toBeLessThan(0.35);
    expect(world.events.filter((e) => !e.onTicketmaster)).toHaveLength(50);
    const statuses = new Set(world.events.map((e) => e.status));
    expect([...statuses].sort()).toEqual(['cancelled', 'offsale', 'onsale', 'postponed', 'rescheduled']);
    expect(world.events.some((e) => !e.listsAttractions)).toBe(true);
    expect(world.events.some((e) => e.localTime === null)).toBe(true);
    const supports = world.events.map((e) => e.performers.length - 1);
    expect(Math.max(...supports)).toBe(3);
    expect(Math.min(...supports)).toBe(0);
    const event = world.events[0]!;
    setEventStatus(world, event.id, 'cancelled');
    expect(world.eventById.get(event.id)!.status).toBe('cancelled');
    expect(() => setEventStatus(world, 'nope', 'cancelled')).toThrow('no simulated event nope');
  });
});
