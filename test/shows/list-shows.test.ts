import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { performerKey } from '../../src/matching/index.ts';
import { resolveBilling, type StoredMatch } from '../../src/shows/billing-matches.ts';
import { dateQuery, formatShowLine, listShows, playedBadge } from '../../src/shows/list-shows.ts';
import type { Db } from '../../src/store/db.ts';
import { NOW, openSeededDb, USER } from './list-seed.ts';

let db: Db;
beforeAll(async () => {
  ({ db } = await openSeededDb());
});
afterAll(async () => {
  await db.close();
});

const from = new Date(NOW);

describe('listShows', () => {
  it('lists upcoming shows, one line each, with matches and the "N streams" badge', async () => {
    const lines = (await listShows(db, { from, userId: USER })).map(formatShowLine);
    expect(lines).toEqual([
      '2026-11-10 20:00  Town Ballroom, Buffalo NY  |  Khruangbin → Khruangbin (5 streams) · Men I Trust → Men I Trust (2 streams) · Opener Nobody → unmatched',
      '2026-11-11 20:00  Town Ballroom, Buffalo NY  |  An Evening with Phoenix → Phoenix (3 streams)',
      '2026-11-12 20:00  Town Ballroom, Buffalo NY  |  Zoso - The Ultimate Led Zeppelin Experience → unmatched (tribute act)',
      '2026-11-14 21:30  Town Ballroom, Buffalo NY  |  Undecided Band → not matched yet',
    ]);
  });

  it('counts nobody’s plays without a user', async () => {
    const listings = await listShows(db, { from, userId: null });
    expect(listings.flatMap((l) => l.performers.flatMap((p) => p.artists.map((a) => a.plays)))).toEqual([
      0, 0, 0, 0, 0, 0,
    ]);
    expect(formatShowLine(listings[0]!)).not.toContain('played');
  });

  it('filters by known artists, genre, dates and place', async () => {
    const keys = async (q: Partial<Parameters<typeof listShows>[1]>) =>
      (await listShows(db, { from, userId: USER, ...q })).map((l) => l.event.key);
    expect(await keys({ knownOnly: true })).toEqual(['ticketmaster:S1', 'ticketmaster:S2']);
    expect(await keys({ genre: 'rock' })).toEqual(['ticketmaster:S1']);
    // Phoenix's Spotify genres (electronica) meet "electronic" through the genre word families.
    expect(await keys({ genre: 'Electronic' })).toEqual(['ticketmaster:S2']);
    // Days are the venue's: S2 starts at 20:00 in Buffalo on the 11th, 01:00 UTC on the 12th.
    const days = (from?: string, to?: string) =>
      dateQuery({ ...(from ? { from: new Date(from) } : {}), ...(to ? { to: new Date(to) } : {}) }, NOW);
    expect(await keys(days(undefined, '2026-11-11'))).toEqual(['ticketmaster:S1', 'ticketmaster:S2']);
    expect(await keys(days('2026-11-11', '2026-11-12'))).toEqual(['ticketmaster:S2', 'ticketmaster:S3']);
    expect(await keys({ placeId: 'elsewhere' })).toEqual([]);
    expect(await keys({ includeCancelled: true })).toContain('ticketmaster:S4');
    expect(await keys({ from: new Date('2026-10-01T00:00:00Z') })).toContain('ticketmaster:S5');
  });

  it('formats the badge', () => {
    expect(playedBadge(0)).toBe('');
    expect(playedBadge(1)).toBe('1 stream');
    expect(playedBadge(1432)).toBe('1,432 streams');
  });
});

describe('resolveBilling', () => {
  const row = (
    name: string,
    artistId: string | null,
    extra: Partial<StoredMatch> = {},
  ): [string, StoredMatch] => [
    performerKey(name),
    {
      performerKey: performerKey(name),
      performerName: name,
      artistId,
      artistName: artistId ? name : null,
      method: artistId ? 'exact' : 'none',
      score: 100,
      manual: false,
      tribute: false,
      partKeys: null,
      ...extra,
    },
  ];
  const ids = (parts: ReturnType<typeof resolveBilling>) =>
    parts.map((p) => [p.name, p.match?.artistId ?? null]);

  it('reads a one-performer billing from its own row', () => {
    const decisions = new Map([row('Muse: World Tour', 'muse')]);
    expect(ids(resolveBilling('Muse: World Tour', decisions))).toEqual([['Muse: World Tour', 'muse']]);
  });

  it('follows a split billing to its parts, in billing order', () => {
    const decisions = new Map([
      row('Bruce Springsteen & The E Street Band', 'bruce', {
        method: 'split',
        partKeys: ['bruce springsteen', 'the e street band'],
      }),
      row('Bruce Springsteen', 'bruce'),
      row('The E Street Band', null),
    ]);
    expect(ids(resolveBilling('Bruce Springsteen & The E Street Band', decisions))).toEqual([
      ['Bruce Springsteen', 'bruce'],
      ['The E Street Band', null],
    ]);
  });

  it('lets a manual override on the billing stand, and reports billings not decided yet', () => {
    const decisions = new Map([
      row('Drake feat. 21 Savage', 'manual-pick', { manual: true, method: 'manual', partKeys: ['drake'] }),
      row('Drake', 'drake'),
    ]);
    expect(ids(resolveBilling('Drake feat. 21 Savage', decisions))).toEqual([
      ['Drake feat. 21 Savage', 'manual-pick'],
    ]);
    expect(resolveBilling('Someone New', decisions)).toEqual([
      { name: 'Someone New', key: 'someone new', match: null },
    ]);
  });

  it('returns nothing for an empty billing', () => {
    expect(resolveBilling('  ', new Map())).toEqual([]);
  });
});
