import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDashboard } from '../../src/analytics/index.ts';
import type { Db } from '../../src/store/db.ts';
import { addPlays, type PlaySpec, q, tempStore } from './fixtures.ts';

/**
 * Sessions against a plain reading of the rule: plays in order of their end (the longest
 * first among plays ending together); a session starts where a play starts 30 minutes or
 * more after the previous play ended; a session's start is the earliest start of its plays.
 */
function referenceSessions(plays: Array<{ endMs: number; ms: number }>, gapMinutes = 30) {
  const sorted = [...plays].sort((a, b) => a.endMs - b.endMs || b.ms - a.ms);
  const sessions: Array<{ start: number; end: number; plays: number; ms: number }> = [];
  let prevEnd: number | null = null;
  for (const p of sorted) {
    const start = p.endMs - p.ms;
    const current = sessions.at(-1);
    if (prevEnd === null || start - prevEnd >= gapMinutes * 60_000 || !current)
      sessions.push({ start, end: p.endMs, plays: 1, ms: p.ms });
    else {
      current.start = Math.min(current.start, start);
      current.end = Math.max(current.end, p.endMs);
      current.plays += 1;
      current.ms += p.ms;
    }
    prevEnd = p.endMs;
  }
  const minutes = (ms: number) => Math.round(ms / 6_000) / 10;
  const longest = [...sessions].sort((a, b) => minutes(b.ms) - minutes(a.ms) || a.start - b.start)[0];
  const average = sessions.reduce((sum, s) => sum + minutes(s.ms), 0) / sessions.length;
  return { count: sessions.length, average, longest, minutes };
}

/** A seeded generator: the same plays on every run. */
function randomPlays(seed: number, n: number): Array<{ endMs: number; ms: number }> {
  let state = seed;
  const next = () => (state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const plays: Array<{ endMs: number; ms: number }> = [];
  let t = Date.UTC(2025, 0, 1);
  for (let i = 0; i < n; i++) {
    // Mostly back-to-back, sometimes a pause around the 30-minute gap, now and then hours;
    // some plays overlap the one before (two devices), some last hours.
    const r = next();
    t +=
      r < 0.6
        ? 200_000
        : r < 0.8
          ? 25 * 60_000 + Math.floor(next() * 10 * 60_000)
          : r < 0.9
            ? -60_000
            : 5 * 3_600_000;
    const ms = next() < 0.05 ? 3 * 3_600_000 : 30_000 + Math.floor(next() * 300_000);
    plays.push({ endMs: t, ms });
  }
  return plays;
}

describe('sessions', () => {
  let db: Db;
  const random = randomPlays(7, 400);
  beforeAll(async () => {
    db = await tempStore();
    const specs: PlaySpec[] = random.map((p, i) => ({
      at: new Date(p.endMs).toISOString(),
      name: `Track ${i % 37}`,
      artist: 'Someone',
      ms: p.ms,
    }));
    await addPlays(db, specs);
    await addPlays(
      db,
      [
        // Overlap: the second play ends later but began an hour before the first.
        { at: '2026-02-01T10:05:00Z', name: 'A', artist: 'X', ms: 300_000 },
        { at: '2026-02-01T10:10:00Z', name: 'B', artist: 'X', ms: 4_200_000 },
        // Two sessions of the same minutes: the earlier one is the longest.
        { at: '2026-02-02T10:00:00Z', name: 'A', artist: 'X', ms: 600_000 },
        { at: '2026-02-02T20:00:00Z', name: 'A', artist: 'X', ms: 600_000 },
        // Two plays end together, 40 minutes after the one before: the longer one started
        // 20 minutes after it, so no session starts there (whatever order the store keeps).
        { at: '2026-02-03T10:00:00Z', name: 'A', artist: 'X', ms: 60_000 },
        { at: '2026-02-03T10:40:00Z', name: 'A', artist: 'X', ms: 60_000 },
        { at: '2026-02-03T10:40:00Z', name: 'B', artist: 'X', ms: 1_200_000 },
      ],
      'u2',
    );
  });
  afterAll(() => db.close());

  it('agree with the rule read plainly, on plays that overlap, pause near the gap and last hours', async () => {
    const ref = referenceSessions(random);
    const d = await loadDashboard(db, q('2024-12-01T00:00:00Z', '2027-01-01T00:00:00Z'));
    expect(d.sessions.count).toBe(ref.count);
    expect(ref.count).toBeGreaterThan(20);
    expect(d.sessions.averageMinutes).toBeCloseTo(ref.average, 1);
    expect(d.sessions.longest).toMatchObject({
      start: new Date(ref.longest!.start).toISOString(),
      end: new Date(ref.longest!.end).toISOString(),
      plays: ref.longest!.plays,
      minutes: ref.minutes(ref.longest!.ms),
    });
  });

  it('start a session at its earliest play, pick the earliest of equal ones, and read tied ends alike', async () => {
    const day = (d: string) => q(`${d}T00:00:00Z`, `${d}T23:59:59Z`, { userId: 'u2' });
    const overlap = await loadDashboard(db, day('2026-02-01'));
    expect(overlap.sessions.longest).toMatchObject({
      start: '2026-02-01T09:00:00.000Z',
      plays: 2,
      minutes: 75,
    });
    const equal = await loadDashboard(db, day('2026-02-02'));
    expect(equal.sessions.count).toBe(2);
    expect(equal.sessions.longest).toMatchObject({ start: '2026-02-02T09:50:00.000Z', minutes: 10 });
    const tied = await loadDashboard(db, day('2026-02-03'));
    expect(tied.sessions).toMatchObject({
      count: 1,
      longest: { plays: 3, start: '2026-02-03T09:59:00.000Z' },
    });
  });
});
