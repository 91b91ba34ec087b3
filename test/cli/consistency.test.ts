import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.ts';
import { upsertUser } from '../../src/store/users.ts';
import { addCatalog, addPlays } from '../analytics/fixtures.ts';

const ROOT = join(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'encore-cli-consistency-'));
const dbPath = join(dir, 'encore.duckdb');

function encore(args: string[], extra: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [join(ROOT, 'bin/encore.js'), ...args], {
    cwd: tmpdir(),
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      ENCORE_DATA_DIR: dir,
      ENCORE_DB_PATH: dbPath,
      ENCORE_TIMEZONE: 'UTC',
      ENCORE_SECRET_KEY: Buffer.alloc(32, 5).toString('base64'),
      ...extra,
    },
    timeout: 60_000,
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

describe('CLI consistency (real processes)', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    const db = await openStore(dbPath);
    await upsertUser(db, { userId: 'u1', displayName: 'Ana' });
    await upsertUser(db, { userId: 'u2', displayName: 'Ben' });
    await addCatalog(
      db,
      [{ id: 'ar1', name: 'Alpha', genres: ['indie'] }],
      [{ id: 't1', name: 'One', artists: ['ar1'], durationMs: 200_000, album: { id: 'al1', name: 'First' } }],
    );
    const recent = new Date(Date.now() - 3 * 86_400_000).toISOString();
    await addPlays(db, [
      { at: '2019-03-01T10:00:00Z', track: 't1' },
      { at: recent, track: 't1' },
    ]);
    await db.close();
  });

  it('--user takes a display name in any case; ENCORE_DEFAULT_USER picks one of several', () => {
    const byName = encore(['stats', '--user', 'ANA', '--range', 'all', '--json']);
    expect(byName.err).toBe('');
    expect(JSON.parse(byName.out).dashboard.kpis.plays).toBe(2);
    expect(encore(['stats', '--range', '30d']).err).toContain('Several accounts are connected');
    const byDefault = encore(['stats', '--range', '30d', '--json'], { ENCORE_DEFAULT_USER: 'ben' });
    expect(byDefault.code).toBe(0);
    expect(JSON.parse(byDefault.out).dashboard.kpis.plays).toBe(0);
  });

  it('stats --range accepts the web range names', () => {
    const all = encore(['stats', '--user', 'u1', '--range', 'all']);
    expect(all.code).toBe(0);
    expect(all.out).toMatch(/plays\s+2\n/);
    const month = encore(['stats', '--user', 'u1', '--range', '30d']);
    expect(month.code).toBe(0);
    expect(month.out).toMatch(/plays\s+1\n/);
    const bad = encore(['stats', '--user', 'u1', '--range', 'fortnight']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('7d, 30d, 90d, 365d, year, all');
  });

  it('playlist list --user filters by account', () => {
    const result = encore(['playlist', 'list', '--user', 'ben']);
    expect(result.code).toBe(0);
    expect(result.out).toContain('No playlist of u2 yet.');
  });

  it('export without --out writes into the data folder', () => {
    const result = encore(['export', 'plays', '--format', 'csv', '--user', 'u1']);
    expect(result.code).toBe(0);
    const path = join(dir, 'exports', 'encore-plays-u1.csv');
    expect(result.out).toBe(`Wrote 2 plays of u1 to ${path}\n`);
    expect(existsSync(path)).toBe(true);
  });

  it('doctor runs with invalid settings, lists every problem and exits non-zero', () => {
    const result = encore(['doctor'], {
      ENCORE_PORT: '70000',
      ENCORE_LOG_LEVEL: 'loud',
      SPOTIFY_REDIRECT_URI: 'http://127.0.0.1:9999/callback',
    });
    expect(result.code).toBe(1);
    expect(result.out).toContain('3 problem(s) with the settings');
    expect(result.out).toContain('ENCORE_PORT must be a whole number between 1 and 65535 (got "70000")');
    expect(result.out).toContain('ENCORE_LOG_LEVEL must be one of debug, info, warn, error');
    expect(result.out).toContain('uses port 9999 but the web server listens on ENCORE_PORT=8888');
    expect(result.out).toContain('database'); // the checks still ran
    expect(encore(['doctor']).code).toBe(0);
  });

  it('config errors name the limit and are not garbled by redaction', () => {
    const port = encore(['status'], { ENCORE_PORT: '0' });
    expect(port.code).toBe(2);
    expect(port.err).toMatch(/^encore: ENCORE_PORT must be a whole number between 1 and 65535/);
    const id = encore(['status'], { SPOTIFY_CLIENT_ID: 'bad id' });
    expect(id.err).toMatch(/SPOTIFY_CLIENT_ID must be the 32-character Client ID/);
    expect(port.err + id.err).not.toContain('[redacted]');
  });
});
