import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upcomingShowsOf } from '../../src/shows/artist-shows.ts';
import type { Db } from '../../src/store/db.ts';
import { tempStore } from '../analytics/fixtures.ts';
import { addCreditedPlays, addMatch, addShows, addSplit } from '../playlists/fixtures.ts';

const NOW = Date.parse('2026-11-15T12:00:00Z');
const ALPHA = { id: 'arA', name: 'Alpha' };
const BETA = { id: 'arB', name: 'Beta' };

describe("an artist's upcoming shows near the user's places", () => {
  let db: Db;
  beforeAll(async () => {
    db = await tempStore();
    await addShows(
      db,
      [
        { id: 'e1', date: '2026-12-01', bill: ['Alpha', 'Opener'] },
        { id: 'e2', date: '2026-12-05', bill: ['Alpha & Beta'] },
        { id: 'e3', date: '2026-12-09', bill: ['Beta'] },
        { id: 'e4', date: '2026-12-10', bill: ['Alpha'], status: 'cancelled' },
        { id: 'e0', date: '2026-11-01', bill: ['Alpha'] }, // already past
      ],
      NOW,
    );
    await addMatch(db, 'Alpha', ALPHA);
    await addMatch(db, 'Beta', BETA);
    await addMatch(db, 'Opener', null);
    await addSplit(db, 'Alpha & Beta', [
      ['Alpha', ALPHA],
      ['Beta', BETA],
    ]);
    await addCreditedPlays(db, 'u1', { id: 'tA', name: 'A song' }, ALPHA, 3);
  });
  afterAll(() => db.close());

  it('lists the shows billing the artist, co-bills included, soonest first', async () => {
    const shows = await upcomingShowsOf(db, ALPHA.id, 'u1', NOW);
    expect(shows.map((s) => s.event.localDate)).toEqual(['2026-12-01', '2026-12-05']);
    expect(shows[0]!.performers[0]!.artists[0]!.plays).toBe(3);
    expect((await upcomingShowsOf(db, BETA.id, 'u1', NOW)).map((s) => s.event.localDate)).toEqual([
      '2026-12-05',
      '2026-12-09',
    ]);
    expect(await upcomingShowsOf(db, 'nobody', 'u1', NOW)).toEqual([]);
  });
});
