import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDashboard, yearRange } from '../../src/analytics/index.ts';
import { openStore } from '../../src/store/open.ts';
import { upsertUser } from '../../src/store/users.ts';
import { addCatalog, addPlays } from './fixtures.ts';

const ROOT = join(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'encore-stats-'));
const dbPath = join(dir, 'stats.duckdb');

function encore(args: string[]) {
  const result = spawnSync(process.execPath, [join(ROOT, 'bin/encore.js'), ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      ENCORE_DATA_DIR: dir,
      ENCORE_DB_PATH: dbPath,
      ENCORE_TIMEZONE: 'UTC',
      ENCORE_SECRET_KEY: Buffer.alloc(32, 3).toString('base64'),
    },
    timeout: 60_000,
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

describe('encore stats (real process)', () => {
  beforeAll(async () => {
    const db = await openStore(dbPath);
    await upsertUser(db, { userId: 'u1', displayName: 'Ana', timeZone: 'Europe/Berlin' });
    await upsertUser(db, { userId: 'u2', displayName: 'Ben' });
    await addCatalog(
      db,
      [{ id: 'ar1', name: 'Alpha', genres: ['indie'] }],
      [
        { id: 't1', name: 'One', artists: ['ar1'], durationMs: 200_000, album: { id: 'al1', name: 'First' } },
        { id: 'tl', name: 'Sleep', artists: ['ar1'], durationMs: 12_665_880 },
      ],
    );
    await addPlays(db, [
      { at: '2023-03-01T04:00:00Z', track: 'tl', ms: 12_665_880 }, // 3.5 h: past INT32 µs
      { at: '2024-06-01T10:00:00Z', track: 't1' },
      { at: '2024-06-01T10:04:00Z', track: 't1' },
      { at: '2024-12-31T23:30:00Z', track: 't1' }, // 1 January 2025 in Berlin
      { at: '2025-02-03T10:00:00Z', name: 'Two', artist: 'Beta', ms: 95_000 },
    ]);
    await db.close();
  });

  it('prints the same figures as the analytics, as JSON', async () => {
    const result = encore(['stats', '--user', 'u1', '--range', '2025', '--json']);
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    const { dashboard, review } = JSON.parse(result.out);
    const db = await openStore(dbPath);
    const expected = await loadDashboard(
      db,
      { userId: 'u1', timeZone: 'Europe/Berlin', ...yearRange(2025, 'Europe/Berlin') },
      { bucket: 'month' },
    );
    await db.close();
    expect(dashboard).toEqual(expected);
    expect(dashboard.kpis.plays).toBe(2);
    expect(review.minutes).toBe(4.6); // 180 s + 95 s
    expect(review.topArtists.map((a: { name: string }) => a.name)).toEqual(['Alpha', 'Beta']);
  });

  it('adds up a play of 12,665,880 ms (no INT32 overflow)', () => {
    const result = encore(['stats', '--user', 'u1', '--range', '2023', '--json']);
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    const { dashboard, review } = JSON.parse(result.out);
    expect(dashboard.kpis).toMatchObject({ plays: 1, minutes: 211.1, averageListenMs: 12_665_880 });
    expect(dashboard.sessions.longest).toMatchObject({ start: '2023-03-01T00:28:54.120Z', minutes: 211.1 });
    expect(review).toMatchObject({ plays: 1, minutes: 211.1 });
    expect(review.longestSession).toMatchObject({ minutes: 211.1 });
  });

  it('never shows "unknown" as a genre: plays without one are "genres pending"', () => {
    const json = encore(['stats', '--user', 'u1', '--range', '2025', '--json']);
    expect(json.code).toBe(0);
    const { dashboard, review } = JSON.parse(json.out);
    // 2025: One (Alpha: indie) and Two by Beta, an unresolved play (no genres yet).
    expect(dashboard.topGenres).toEqual([{ genre: 'indie', plays: 1, minutes: 3 }]);
    expect(dashboard.genresPending).toEqual({ plays: 1, minutes: 1.6 });
    expect(review.topGenres.map((g: { genre: string }) => g.genre)).toEqual(['indie']);
    expect(review.genresPending).toEqual({ plays: 1, minutes: 1.6 });
    const text = encore(['stats', '--user', 'u1', '--range', '2025']);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(
      /Top genres \(by plays\)\n.*\n.*\n\s*1\s+indie\s+1\s+3\n\s+genres pending: 1 play\(s\), 1.6 min/,
    );
    expect(text.out).not.toMatch(/unknown/);
  });

  it('prints tables for a date span, by display name', () => {
    const result = encore([
      'stats',
      '--user',
      'Ana',
      '--from',
      '2024-06-01',
      '--to',
      '2024-06-30',
      '--metric',
      'minutes',
    ]);
    expect(result.code).toBe(0);
    expect(result.out).toContain('Listening of u1, 2024-06-01 – 2024-06-30 (Europe/Berlin)');
    expect(result.out).toMatch(/plays\s+2\n/);
    expect(result.out).toContain('Top artists (by minutes)');
    expect(result.out).toMatch(/1\s+Alpha\s+2\s+6/);
    expect(result.out).toContain('Hour × weekday');
  });

  it('explains a bad range or an unknown user, exit code 2, no stack', () => {
    const cases: Array<[string[], RegExp]> = [
      [['stats', '--user', 'u1', '--range', 'last week'], /is not a range; use a year/],
      [['stats', '--user', 'u1', '--from', '2026-02-30'], /"2026-02-30" is not a date/],
      [['stats', '--user', 'u1', '--from', '2026-03-02', '--to', '2026-03-01'], /ends before it starts/],
      [['stats', '--user', 'u1', '--range', '2026', '--from', '2026-01-01'], /either --range or --from/],
      [['stats', '--user', 'u1', '--metric', 'likes'], /--metric must be one of plays, minutes/],
      [['stats', '--user', 'nobody'], /No account "nobody"/],
      [['stats'], /Several accounts are connected/],
    ];
    for (const [args, message] of cases) {
      const result = encore(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.err).toMatch(message);
      expect(result.err).not.toMatch(/\n\s+at /);
    }
    // Seven real processes: on a shared 2-core machine they need more than the default 30 s.
  }, 120_000);
});
