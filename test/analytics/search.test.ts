import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnalyticsQueryError } from '../../src/analytics/index.ts';
import { foldText, searchHistory } from '../../src/analytics/search.ts';
import type { Db } from '../../src/store/db.ts';
import { addCatalog, addPlays, tempStore } from './fixtures.ts';

const NOW = Date.parse('2026-03-15T12:00:00Z');

describe('search across the history', () => {
  let db: Db;
  beforeAll(async () => {
    db = await tempStore();
    await addCatalog(
      db,
      [
        { id: 'ar1', name: 'Björk' },
        { id: 'ar2', name: 'The Bjorn Trio' },
        { id: 'ar3', name: 'Sigur Rós' },
      ],
      [
        { id: 't1', name: 'Jóga', artists: ['ar1'], album: { id: 'al1', name: 'Homogenic' } },
        { id: 't2', name: 'Army of Me', artists: ['ar1'], album: { id: 'al2', name: 'Post' } },
        { id: 't3', name: 'Hoppípolla', artists: ['ar3'], album: { id: 'al3', name: 'Takk' } },
        { id: 't4', name: 'Bjorn Blues 100%', artists: ['ar2'], album: { id: 'al4', name: 'Live_At' } },
      ],
    );
    const at = (i: number) => new Date(Date.UTC(2026, 0, 1) + i * 3_600_000).toISOString();
    await addPlays(db, [
      ...Array.from({ length: 3 }, (_, i) => ({ at: at(i), track: 't1' })),
      { at: at(10), track: 't2' },
      ...Array.from({ length: 5 }, (_, i) => ({ at: at(20 + i), track: 't4' })),
      { at: at(30), track: 't3' },
      { at: at(31), track: 't3', ms: 5_000 }, // not a stream
      { at: at(40), name: 'Joga (live)', artist: 'Bjork Tribute', album: 'Covers', ms: 100_000 },
    ]);
    // Another account's plays are never found.
    await addPlays(db, [{ at: at(50), name: 'Bjorkish', artist: 'Someone Else' }], 'u2');
  });
  afterAll(() => db.close());

  const search = (text: string, user = 'u1') =>
    searchHistory(db, { userId: user, timeZone: 'UTC', text, now: NOW });

  it('matches without case or accents and ranks prefixes first, then plays', async () => {
    const r = await search('BJOR');
    // Björk (4 streams) and "Bjork Tribute" (1) start with it; "The Bjorn Trio" (5) only has a word that does.
    expect(r.artists.map((a) => [a.name, a.plays, a.prefix])).toEqual([
      ['The Bjorn Trio', 5, true],
      ['Björk', 4, true],
      ['Bjork Tribute', 1, true],
    ]);
    expect(r.artists.map((a) => a.id)).toEqual(['ar2', 'ar1', null]);
    expect(r.tracks.map((t) => t.name)).toEqual(['Bjorn Blues 100%']);
  });

  it('ranks a name that starts with the query above a substring match with more plays', async () => {
    const r = await search('jo');
    // "Jóga" (3) and "Joga (live)" (1) start with it; "The Bjorn Trio" only contains it.
    expect(r.tracks.map((t) => [t.name, t.plays, t.prefix])).toEqual([
      ['Jóga', 3, true],
      ['Joga (live)', 1, true],
      ['Bjorn Blues 100%', 5, false],
    ]);
    expect(r.artists.map((a) => [a.name, a.prefix])).toEqual([
      ['The Bjorn Trio', false],
      ['Björk', false],
      ['Bjork Tribute', false],
    ]);
    expect(r.tracks[0]).toMatchObject({ id: 't1', artistName: 'Björk' });
  });

  it('finds albums, and counts only streams', async () => {
    const r = await search('hoppi');
    expect(r.tracks.map((t) => [t.name, t.plays])).toEqual([['Hoppípolla', 1]]);
    expect((await search('homo')).albums.map((a) => [a.id, a.name, a.artistName])).toEqual([
      ['al1', 'Homogenic', 'Björk'],
    ]);
    expect((await search('covers')).albums.map((a) => [a.id, a.playArtist])).toEqual([
      [null, 'Bjork Tribute'],
    ]);
  });

  it('treats % and _ as characters, and quotes as text', async () => {
    expect((await search('100%')).tracks.map((t) => t.name)).toEqual(['Bjorn Blues 100%']);
    expect((await search('i_e')).albums).toEqual([]); // "_" is not "any character" (li-v-e)
    expect((await search('live_')).albums.map((a) => a.name)).toEqual(['Live_At']);
    const r = await search("' OR 1=1 --");
    expect([...r.artists, ...r.tracks, ...r.albums]).toEqual([]);
  });

  it("keeps to the account's own plays", async () => {
    expect((await search('bjorkish')).tracks).toEqual([]);
    expect((await search('bjorkish', 'u2')).tracks.map((t) => t.name)).toEqual(['Bjorkish']);
  });

  it('refuses an empty or overlong query', async () => {
    await expect(search('   ')).rejects.toThrow(AnalyticsQueryError);
    await expect(search('x'.repeat(101))).rejects.toThrow('at most 100 characters');
    expect(foldText('  Sigur  RÓS ')).toBe('sigur ros');
  });
});
