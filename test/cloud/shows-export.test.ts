import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningGcsSim, startGcsSim } from '../../sim/gcs/index.ts';
import { loadConfig } from '../../src/config/config.ts';
import { exportShowsToCloud, publishShowsExport } from '../../src/cloud/shows-export.ts';
import { exportShows } from '../../src/shows/export-shows.ts';
import { NOW, openSeededDb } from '../shows/list-seed.ts';

/**
 * The weekly shows dataset in a bucket: the real `encore shows sync` (demo mode, its
 * concert simulators) as a child process, uploading to the GCS simulator started here.
 * The child must run asynchronously, since this process serves the simulator.
 */
const ROOT = join(import.meta.dirname, '../..');
const run = promisify(execFile);

let sim: RunningGcsSim;
let dir: string;

beforeAll(async () => {
  sim = await startGcsSim({ buckets: ['encore-shows'] });
  dir = mkdtempSync(join(tmpdir(), 'encore-shows-gcs-'));
});
afterAll(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

async function encore(args: string[], extra: Record<string, string> = {}) {
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    ENCORE_TIMEZONE: 'UTC',
    ENCORE_DATA_DIR: dir,
    ENCORE_SECRET_KEY: Buffer.alloc(32, 3).toString('base64'),
    ENCORE_GCS_ENDPOINT: sim.url,
    ...extra,
  };
  try {
    const out = await run(process.execPath, [join(ROOT, 'bin/encore.js'), ...args], {
      cwd: dir,
      env,
      timeout: 90_000,
    });
    return { code: 0, out: out.stdout, err: out.stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? 1, out: e.stdout ?? '', err: e.stderr ?? '' };
  }
}

const stored = (bucket: string, object: string) => sim.state.buckets.get(bucket)?.get(object);

describe('ENCORE_SHOWS_EXPORT: the dataset uploaded after each shows sync', () => {
  it('a real weekly sync uploads the same CSV `encore shows export` writes', async () => {
    expect((await encore(['connect', '--demo-user', 'demo-bob'])).code).toBe(0);
    const place = await encore(['places', 'add', 'Austin, TX', '--lat', '30.2672', '--lon', '-97.7431']);
    expect(place.code, place.err).toBe(0);
    const sync = await encore(['shows', 'sync'], {
      ENCORE_SHOWS_EXPORT: 'gs://encore-shows/weekly/shows.csv',
    });
    expect(sync.code, sync.err).toBe(0);
    expect(sync.out + sync.err).toContain('shows dataset written to gs://encore-shows/weekly/shows.csv');
    const object = stored('encore-shows', 'weekly/shows.csv');
    expect(object).toBeDefined();
    expect(object!.contentType).toBe('text/csv');
    const local = join(dir, 'local.csv');
    expect((await encore(['shows', 'export', '--format', 'csv', '--out', local])).code).toBe(0);
    const uploaded = object!.data.toString('utf8');
    expect(uploaded.split('\n').length).toBeGreaterThan(2);
    expect(uploaded).toBe(readFileSync(local, 'utf8'));
  }, 180_000);

  it('a bucket that answers 403: the error is logged and the sync still succeeds', async () => {
    sim.state.denied.add('encore-shows');
    try {
      const sync = await encore(['shows', 'sync'], { ENCORE_SHOWS_EXPORT: 'gs://encore-shows/denied.csv' });
      expect(sync.code, sync.err).toBe(0);
      expect(sync.err).toMatch(/shows dataset upload failed: .*permission denied/);
      expect(stored('encore-shows', 'denied.csv')).toBeUndefined();
    } finally {
      sim.state.denied.delete('encore-shows');
    }
  }, 120_000);
});

describe('exportShowsToCloud on a seeded store', () => {
  it('uploads Parquet when the object ends in .parquet, the same rows as a local export', async () => {
    const { db, dir: seeded } = await openSeededDb();
    try {
      const config = loadConfig({
        env: {
          ENCORE_DATA_DIR: seeded,
          ENCORE_GCS_ENDPOINT: sim.url,
          ENCORE_SHOWS_EXPORT: 'gs://encore-shows/s.parquet',
        },
        dotenvPath: null,
        cwd: seeded,
      });
      const now = new Date(NOW);
      const result = await exportShowsToCloud({ config, db, now });
      expect(result).toMatchObject({ url: 'gs://encore-shows/s.parquet', generation: expect.any(Number) });
      const object = stored('encore-shows', 's.parquet')!;
      expect(object.contentType).toBe('application/vnd.apache.parquet');
      const local = join(seeded, 'local.parquet');
      const written = await exportShows({ db, format: 'parquet', out: local, now });
      expect(result!.rows).toBe(written.rows);
      const rows = async (path: string) =>
        db.all(`SELECT * FROM read_parquet('${path.replace(/'/g, "''")}') ORDER BY ALL`);
      const uploadedPath = join(seeded, 'uploaded.parquet');
      const { writeFileSync } = await import('node:fs');
      writeFileSync(uploadedPath, object.data);
      expect(await rows(uploadedPath)).toEqual(await rows(local));
    } finally {
      await db.close();
      rmSync(seeded, { recursive: true, force: true });
    }
  });

  it('does nothing without the setting; a missing bucket is logged with how to fix it', async () => {
    const { db, dir: seeded } = await openSeededDb();
    try {
      const base = { ENCORE_DATA_DIR: seeded, ENCORE_GCS_ENDPOINT: sim.url };
      const unset = loadConfig({ env: base, dotenvPath: null, cwd: seeded });
      expect(await exportShowsToCloud({ config: unset, db, now: new Date(NOW) })).toBeUndefined();
      const errors: string[] = [];
      const logger = { info() {}, warn() {}, debug() {}, error: (m: string) => void errors.push(m) };
      const wrong = loadConfig({
        env: { ...base, ENCORE_SHOWS_EXPORT: 'gs://no-such-bucket/s.csv' },
        dotenvPath: null,
        cwd: seeded,
      });
      const result = await publishShowsExport({
        config: wrong,
        db,
        now: new Date(NOW),
        logger: logger as never,
      });
      expect(result).toBeUndefined();
      expect(errors.join('\n')).toMatch(/bucket "no-such-bucket" does not exist/);
    } finally {
      await db.close();
      rmSync(seeded, { recursive: true, force: true });
    }
  });
});
