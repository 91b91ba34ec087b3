import { describe, expect, it } from 'vitest';
import { createCatalog } from '../../sim/spotify/catalog.ts';
import { loadDashboard } from '../../src/analytics/index.ts';
import { DEMO_SIM_SEED, demoTimelineStart } from '../../src/app/demo/spotify.ts';
import { addDemoHistory, generatePlays, seedDemoHistory } from '../../src/app/demo/history.ts';
import { upsertUser } from '../../src/store/users.ts';
import { ManualClock } from '../../src/util/clock.ts';
import { addPlays, tempStore } from './fixtures.ts';

const NOW = Date.UTC(2026, 10, 21, 6);
const DAY = 86_400_000;

describe('demo history', () => {
  it('is deterministic, plausible and drawn from the simulator catalog', () => {
    const catalog = createCatalog(DEMO_SIM_SEED);
    const a = generatePlays('demo-alice', catalog, NOW - 30 * DAY, NOW);
    const b = generatePlays('demo-alice', catalog, NOW - 30 * DAY, NOW);
    expect(a).toEqual(b);
    expect(generatePlays('demo-bob', catalog, NOW - 30 * DAY, NOW)).not.toEqual(a);
    expect(a.length).toBeGreaterThan(30 * 0.8 * 4);
    for (let i = 1; i < a.length; i++) expect(a[i]!.endMs).toBeGreaterThan(a[i - 1]!.endMs); // no overlaps
    for (const p of a) {
      expect(catalog.track(p.track.id)).toBeDefined();
      expect(p.msPlayed).toBeLessThanOrEqual(p.track.durationMs);
    }
    const skipped = a.filter((p) => p.msPlayed < 30_000).length / a.length;
    expect(skipped).toBeGreaterThan(0.05);
    expect(skipped).toBeLessThan(0.25);
  });

  it('fills months of history for connected demo accounts with little history, once', async () => {
    const db = await tempStore();
    const clock = new ManualClock(NOW);
    await upsertUser(db, { userId: 'demo-alice', displayName: 'Alice (demo)' });
    await upsertUser(db, { userId: 'demo-bob', displayName: 'Bob (demo)' });
    // Bob already has a long history: left alone.
    await addPlays(
      db,
      Array.from({ length: 300 }, (_, i) => ({
        at: new Date(NOW - (i + 1) * 3_600_000).toISOString(),
        name: `S${i}`,
        artist: 'X',
      })),
      'demo-bob',
    );
    const first = await addDemoHistory({ db, clock });
    expect(first.map((s) => s.userId)).toEqual(['demo-alice']);
    expect(first[0]!.plays).toBeGreaterThan(400);
    const span = await db.one<{ n: number; first: number; last: number }>(
      "SELECT count(*) AS n, epoch_ms(min(played_at)) AS first, epoch_ms(max(played_at)) AS last FROM plays WHERE user_id = 'demo-alice'",
    );
    expect(span!.n).toBe(first[0]!.plays);
    expect(span!.last).toBeLessThan(demoTimelineStart(NOW)); // before anything the simulator scripts
    expect(span!.first).toBeLessThan(NOW - 140 * DAY);
    // Every played track is in the catalog, with its primary artist.
    const orphans = await db.one<{ n: number }>(
      `SELECT count(*) AS n FROM plays p LEFT JOIN tracks t USING (track_id) LEFT JOIN track_artists ta ON ta.track_id = p.track_id AND ta.position = 0
       WHERE p.user_id = 'demo-alice' AND (t.track_id IS NULL OR ta.artist_id IS NULL)`,
    );
    expect(orphans!.n).toBe(0);
    expect(await addDemoHistory({ db, clock })).toEqual([]); // enough history now
    const d = await loadDashboard(db, {
      userId: 'demo-alice',
      timeZone: 'Europe/Berlin',
      from: new Date(NOW - 150 * DAY),
      to: new Date(NOW),
    });
    expect(d.kpis.plays).toBeGreaterThan(300);
    expect(d.topGenres.some((g) => g.genre !== 'unknown')).toBe(true);
    expect(d.sessions.count).toBeGreaterThan(100);
    await db.close();
  });

  it('stores the same history in two databases', async () => {
    const catalog = createCatalog(DEMO_SIM_SEED);
    const rows = async () => {
      const db = await tempStore();
      await seedDemoHistory({ db, now: NOW, timelineStart: demoTimelineStart(NOW) }, catalog, ['demo-chen'], {
        days: 20,
      });
      const out = await db.all(
        'SELECT track_id, epoch_ms(played_at) AS t, ms_played FROM plays ORDER BY played_at',
      );
      await db.close();
      return out;
    };
    const [a, b] = [await rows(), await rows()];
    expect(a.length).toBeGreaterThan(50);
    expect(b).toEqual(a);
  });
});
