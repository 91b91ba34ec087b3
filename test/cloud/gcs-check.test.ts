import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningGcsSim, startGcsSim } from '../../sim/gcs/index.ts';
import { checkCloudStorage } from '../../src/cloud/gcs-check.ts';
import { CloudStorageError, type ObjectStore } from '../../src/cloud/object-store.ts';
import { loadConfig } from '../../src/config/config.ts';

const ROOT = join(import.meta.dirname, '../..');
const run = promisify(execFile);

let sim: RunningGcsSim;
let dir: string;

beforeAll(async () => {
  sim = await startGcsSim({ buckets: ['encore-state', 'encore-shows'] });
  dir = mkdtempSync(join(tmpdir(), 'encore-gcs-check-'));
});
afterAll(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

const config = (env: Record<string, string>) =>
  loadConfig({ env: { ENCORE_DATA_DIR: dir, ...env }, dotenvPath: null, cwd: dir });

/** A store whose bucketExists answers from a table: the unit tests need no server. */
function stubStore(answers: Record<string, boolean | Error | 'hang'>): ObjectStore {
  const never = () => Promise.reject(new Error('not used by the check'));
  return {
    download: never,
    upload: never,
    bucketExists: (bucket) => {
      const answer = answers[bucket];
      if (answer === 'hang') return new Promise(() => {});
      if (answer instanceof Error) return Promise.reject(answer);
      return Promise.resolve(answer ?? false);
    },
  };
}

describe('checkCloudStorage (unit)', () => {
  it('says each setting is optional when nothing is set, and probes nothing', async () => {
    const checks = await checkCloudStorage(config({}), { store: stubStore({}) });
    expect(checks.map((c) => [c.label, c.ok])).toEqual([
      ['ENCORE_STATE_URL', 'info'],
      ['ENCORE_SHOWS_EXPORT', 'info'],
    ]);
  });

  it('reports reachable, missing, denied and silent buckets with what to fix', async () => {
    const denied = new CloudStorageError('Cannot reach gs://b-denied: permission denied — give …', 403);
    const cfg = config({
      ENCORE_STATE_URL: 'gs://b-ok/encore.duckdb',
      ENCORE_SHOWS_EXPORT: 'gs://b-wrong/s.csv',
    });
    const checks = await checkCloudStorage(cfg, { store: stubStore({ 'b-ok': true, 'b-wrong': false }) });
    expect(checks.find((c) => c.label === 'Cloud Storage endpoint')?.detail).toContain('Application Default');
    expect(checks.find((c) => c.label === 'ENCORE_STATE_URL')).toMatchObject({ ok: true });
    const wrong = checks.find((c) => c.label === 'ENCORE_SHOWS_EXPORT')!;
    expect(wrong.ok).toBe(false);
    expect(wrong.detail).toContain('bucket "b-wrong" does not exist');
    const more = await checkCloudStorage(
      config({ ENCORE_STATE_URL: 'gs://b-denied/x.duckdb', ENCORE_SHOWS_EXPORT: 'gs://b-hang/s.csv' }),
      { store: stubStore({ 'b-denied': denied, 'b-hang': 'hang' }), timeoutMs: 50 },
    );
    expect(more.find((c) => c.label === 'ENCORE_STATE_URL')).toMatchObject({
      ok: false,
      detail: denied.message,
    });
    expect(more.find((c) => c.label === 'ENCORE_SHOWS_EXPORT')?.detail).toMatch(
      /did not answer within 50 ms/,
    );
  });
});

describe('encore doctor against the Cloud Storage simulator (real process)', () => {
  async function doctor(env: Record<string, string>): Promise<string> {
    const out = await run(process.execPath, [join(ROOT, 'bin/encore.js'), 'doctor'], {
      cwd: dir,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ENCORE_DATA_DIR: dir, ...env },
      timeout: 60_000,
    });
    return out.stdout;
  }
  const line = (out: string, label: string) => out.split('\n').find((l) => l.includes(` ${label} `)) ?? '';

  it('reachable, wrong-bucket and 403 buckets each get their own line', async () => {
    sim.state.denied.add('encore-shows');
    try {
      const out = await doctor({
        ENCORE_GCS_ENDPOINT: sim.url,
        ENCORE_STATE_URL: 'gs://encore-state/prod/encore.duckdb',
        ENCORE_SHOWS_EXPORT: 'gs://encore-shows/shows.csv',
      });
      expect(line(out, 'Cloud Storage endpoint')).toContain(sim.url);
      expect(line(out, 'ENCORE_STATE_URL')).toMatch(
        /^ok\s+ENCORE_STATE_URL\s+gs:\/\/encore-state\/prod\/encore\.duckdb — bucket reachable/,
      );
      expect(line(out, 'ENCORE_SHOWS_EXPORT')).toMatch(/^MISS\s+ENCORE_SHOWS_EXPORT\s+.*permission denied/);
      const wrong = await doctor({
        STORAGE_EMULATOR_HOST: sim.url.replace('http://', ''),
        ENCORE_SHOWS_EXPORT: 'gs://no-such-bucket/s.csv',
      });
      expect(line(wrong, 'ENCORE_SHOWS_EXPORT')).toMatch(/^MISS .*bucket "no-such-bucket" does not exist/);
      expect(line(wrong, 'ENCORE_STATE_URL')).toMatch(/not set \(optional\)/);
    } finally {
      sim.state.denied.delete('encore-shows');
    }
  }, 120_000);

  it('an endpoint that is down is reported, not hung on', async () => {
    const down = await startGcsSim();
    const url = down.url;
    await down.close();
    const out = await doctor({ ENCORE_GCS_ENDPOINT: url, ENCORE_STATE_URL: 'gs://encore-state/x.duckdb' });
    expect(line(out, 'ENCORE_STATE_URL')).toMatch(
      new RegExp(`^MISS .*ECONNREFUSED.*is ${url.replace(/\./g, '\\.')} running\\?`),
    );
  }, 120_000);
});
