import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STREAMS_LEGEND, streamsByArtist, streamsText } from '../../src/analytics/artist-streams.ts';
import { loadDashboard } from '../../src/analytics/index.ts';
import { findAlertCandidates } from '../../src/alerts/candidates.ts';
import { listShows } from '../../src/shows/list-shows.ts';
import type { Db } from '../../src/store/db.ts';
import { addMatch, addShows, addUser } from '../playlists/fixtures.ts';
import { addCatalog, addPlays, q, tempStore } from './fixtures.ts';

const K = { id: 'K0000000000000000000001', name: 'Khruangbin' };
const L = { id: 'L0000000000000000000001', name: 'Leon Bridges' };
const NOW = Date.UTC(2026, 10, 2, 12);

/**
 * The disagreement of issue 12.2 in small: the old badge counted every play row, skips
 * included, and every credited artist (a feature too); the dashboard counts streams
 * (≥ 30 s) of the primary artist. Here both read streamsByArtist.
 */
let db: Db;
beforeAll(async () => {
  db = await tempStore();
  await addUser(db, 'u1');
  await addCatalog(
    db,
    [K, L],
    [
      { id: 'k1', name: 'Maria También', artists: [K.id] },
      // A collaboration whose primary artist is Leon Bridges, Khruangbin featured.
      { id: 'kl', name: 'Texas Sun', artists: [L.id, K.id] },
    ],
  );
  await addPlays(db, [
    ...Array.from({ length: 6 }, (_, i) => ({ at: `2026-03-0${i + 1}T12:00:00Z`, track: 'k1' })),
    // Three skips: stored plays, not streams.
    ...Array.from({ length: 3 }, (_, i) => ({ at: `2026-04-0${i + 1}T12:00:00Z`, track: 'k1', ms: 10_000 })),
    ...Array.from({ length: 2 }, (_, i) => ({ at: `2026-05-0${i + 1}T12:00:00Z`, track: 'kl' })),
    // Exactly 30 s is a stream; a play of unknown length counts too (its source recorded it).
    { at: '2026-06-01T12:00:00Z', track: 'k1', ms: 30_000 },
    { at: '2026-06-02T12:00:00Z', track: 'k1', ms: null },
    // An unresolved import row named after the artist: credited by name, as the dashboard does.
    { at: '2026-06-03T12:00:00Z', name: 'Lady and Man', artist: 'khruangbin' },
  ]);
  await addShows(db, [{ id: 'X1', date: '2026-11-20', bill: ['Khruangbin'] }], NOW);
  await addMatch(db, 'Khruangbin', K);
}, 30_000);
afterAll(() => db.close());

describe('plays vs streams, defined once', () => {
  it('counts streams of the primary artist: no skips, no features; 30 s and unknown lengths count', async () => {
    const all = await streamsByArtist(db, 'u1', [K, L]);
    expect(all.get(K.id)?.streams).toBe(9); // 6 + 30 s + unknown + 1 by name
    expect(all.get(L.id)?.streams).toBe(2);
    // Minutes: 7 × 180 s + 30 s + the catalog length (200 s) for the unmeasured play.
    expect(all.get(K.id)?.ms).toBe(7 * 180_000 + 30_000 + 200_000);
    const march = await streamsByArtist(db, 'u1', [K], {
      from: new Date('2026-03-01T00:00:00Z'),
      to: new Date('2026-04-01T00:00:00Z'),
    });
    expect(march.get(K.id)?.streams).toBe(6);
    expect((await streamsByArtist(db, 'someone-else', [K])).size).toBe(0);
    expect((await streamsByArtist(db, 'u1', [])).size).toBe(0);
  });

  it('gives the Shows badge the number the dashboard shows for the artist over the same range', async () => {
    const listing = (await listShows(db, { from: new Date(NOW), userId: 'u1' }))[0]!;
    const badge = listing.performers[0]!.artists[0]!.plays;
    // All time on the dashboard = from the first play to now.
    const dashboard = await loadDashboard(db, q('2026-03-01T00:00:00Z', new Date(NOW).toISOString()));
    const byName = dashboard.topArtists.filter((a) => a.name.toLowerCase() === K.name.toLowerCase());
    const dashboardStreams = byName.reduce((sum, a) => sum + a.plays, 0);
    expect(badge).toBe(9);
    expect(badge).toBe(dashboardStreams);
    expect(dashboard.kpis.shortPlaysIgnored).toBe(3);
  });

  it('gives the alerts the same count', async () => {
    const found = await findAlertCandidates(db, {
      userId: 'u1',
      threshold: { minPlays: 9, minMinutes: null },
      now: new Date(NOW),
    });
    expect(found.map((c) => c.artists.map((a) => [a.name, a.plays, a.minutes]))).toEqual([
      [['Khruangbin', 9, 24]],
    ]);
    const tooHigh = await findAlertCandidates(db, {
      userId: 'u1',
      threshold: { minPlays: 10, minMinutes: null },
      now: new Date(NOW),
    });
    expect(tooHigh).toEqual([]);
  });

  it('says what a stream is, in one sentence', () => {
    expect(STREAMS_LEGEND).toBe('streams = plays of 30 s or more');
    expect(streamsText(1)).toBe('1 stream');
    expect(streamsText(1432)).toBe('1,432 streams');
  });
});
