import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.ts';
import { upsertUser } from '../../src/store/users.ts';
import { addCatalog, addPlays } from '../analytics/fixtures.ts';

const ROOT = join(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'encore-rediscover-'));
const dbPath = join(dir, 'rediscover.duckdb');

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
      ENCORE_SECRET_KEY: Buffer.alloc(32, 5).toString('base64'),
    },
    timeout: 60_000,
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

// The process runs on the real clock: the history is laid out around today (UTC).
const today = new Date();
const yearsAgo = (n: number, hour = 12) =>
  new Date(Date.UTC(today.getUTCFullYear() - n, today.getUTCMonth(), today.getUTCDate(), hour)).toISOString();
const monthsAgo = (n: number, i: number) =>
  new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - n, 1 + i, 12)).toISOString();

describe('encore rediscover (real process)', { timeout: 180_000 }, () => {
  beforeAll(async () => {
    const db = await openStore(dbPath);
    await upsertUser(db, { userId: 'u1', displayName: 'Ana', timeZone: 'UTC' });
    await addCatalog(
      db,
      [{ id: 'ar1', name: 'Alpha' }],
      [
        { id: 't1', name: 'Lost Song', artists: ['ar1'] },
        { id: 't2', name: 'Anniversary', artists: ['ar1'] },
      ],
    );
    await addPlays(db, [
      ...Array.from({ length: 7 }, (_, i) => ({ at: monthsAgo(9, i), track: 't1' })),
      { at: yearsAgo(1), track: 't2' },
      { at: yearsAgo(1, 13), track: 't2' },
      { at: yearsAgo(3), track: 't2' },
    ]);
    await db.close();
  });

  it('prints every earlier year on this day and the forgotten favourites', () => {
    const r = encore(['rediscover', '--user', 'Ana']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/1 year ago, \d{4}-\d{2}-\d{2}: 2 streams, 6 min\n {4}Anniversary · Alpha \(2\)/);
    expect(r.out).toContain('3 years ago');
    expect(r.out).toMatch(
      /Forgotten favourites: streamed 5\+ times, not since .* \(6 months\):\n +7 {2}Lost Song · Alpha/,
    );
  });

  it('answers --json with the same figures, and each flag alone', () => {
    const r = encore(['rediscover', '--json', '--forgotten', '--months', '12']);
    const data = JSON.parse(r.out) as { onThisDay: null; forgotten: { months: number; tracks: unknown[] } };
    expect(data.onThisDay).toBeNull();
    // Nine months ago is inside a 12-month window: nothing forgotten.
    expect(data.forgotten).toMatchObject({ months: 12, tracks: [] });
    const day = JSON.parse(encore(['rediscover', '--json', '--on-this-day']).out) as {
      onThisDay: { years: Array<{ yearsAgo: number; plays: number }> };
      forgotten: null;
    };
    expect(day.onThisDay.years.map((y) => [y.yearsAgo, y.plays])).toEqual([
      [1, 2],
      [3, 1],
    ]);
    expect(day.forgotten).toBeNull();
  });

  it('refuses bad flags with a sentence and exit code 2', () => {
    for (const [args, text] of [
      [['--months', '0'], '--months must be a whole number from 1 to 240'],
      [['--months', 'six'], '--months must be a whole number'],
      [['--min-plays', '-3'], '--min-plays must be a whole number'],
      [['--on-this-day', '--forgotten'], 'not both'],
      [['--on-this-day', '--playlist'], '--playlist goes with --forgotten'],
      [['--user', 'nobody'], 'nobody'],
    ] as const) {
      const r = encore(['rediscover', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).toContain(text);
    }
  });
});
