import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type RunningGcsSim, startGcsSim } from '../../sim/gcs/index.ts';
import { ConfigError, loadConfig } from '../../src/config/config.ts';
import { withRemoteState } from '../../src/cloud/remote-state.ts';
import { CloudStorageError } from '../../src/cloud/object-store.ts';
import { openStore } from '../../src/store/open.ts';
import { readState, writeState } from '../../src/store/sync-state.ts';

let sim: RunningGcsSim;
let dir: string;

beforeAll(async () => {
  sim = await startGcsSim({ buckets: ['encore-state'] });
});
afterAll(() => sim.close());
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'encore-remote-state-'));
  sim.state.buckets.set('encore-state', new Map());
  sim.state.denied.clear();
  return () => rmSync(dir, { recursive: true, force: true });
});

function config(url = 'gs://encore-state/prod/encore.duckdb') {
  return loadConfig({
    env: { ENCORE_STATE_URL: url, ENCORE_GCS_ENDPOINT: sim.url, ENCORE_DATA_DIR: dir },
    dotenvPath: null,
    cwd: dir,
  });
}

/** A job like capture: an idempotent upsert into the real schema, opened and closed per run. */
async function recordRun(dbPath: string, key: string): Promise<string[]> {
  const db = await openStore(dbPath);
  try {
    await writeState(db, key, { done: true });
    const rows = await db.all<{ key: string }>('SELECT key FROM sync_state ORDER BY key');
    return rows.map((r) => r.key);
  } finally {
    await db.close();
  }
}

async function remoteKeys(): Promise<string[]> {
  const stored = sim.state.buckets.get('encore-state')!.get('prod/encore.duckdb');
  if (!stored) return [];
  const path = join(dir, 'check.duckdb');
  const { writeFileSync } = await import('node:fs');
  writeFileSync(path, stored.data);
  const db = await openStore(path);
  try {
    return (await db.all<{ key: string }>('SELECT key FROM sync_state ORDER BY key')).map((r) => r.key);
  } finally {
    await db.close();
    rmSync(path, { force: true });
  }
}

describe('withRemoteState: the DuckDB file in a bucket with a generation lock', () => {
  it('creates the file on the first run and builds on it in the next', async () => {
    await withRemoteState(config(), (path) => recordRun(path, 'run:1'));
    const seen = await withRemoteState(config(), (path) => recordRun(path, 'run:2'));
    expect(seen).toEqual(['run:1', 'run:2']);
    expect(await remoteKeys()).toEqual(['run:1', 'run:2']);
  });

  it('two overlapping runs: the loser gets 412, re-runs on the winner’s file, nothing is lost', async () => {
    await withRemoteState(config(), (path) => recordRun(path, 'seed'));
    // Both runs download the same generation before either uploads.
    let arrived = 0;
    let release!: () => void;
    const bothDownloaded = new Promise<void>((resolve) => (release = resolve));
    const attempts = { a: 0, b: 0 };
    const conflicts: string[] = [];
    const job = (name: 'a' | 'b') => async (path: string) => {
      attempts[name] += 1;
      if (attempts[name] === 1) {
        arrived += 1;
        if (arrived === 2) release();
        await bothDownloaded;
      }
      return recordRun(path, `run:${name}`);
    };
    await Promise.all([
      withRemoteState(config(), job('a'), { onConflict: () => conflicts.push('a') }),
      withRemoteState(config(), job('b'), { onConflict: () => conflicts.push('b') }),
    ]);
    expect(conflicts).toHaveLength(1);
    expect(attempts.a + attempts.b).toBe(3);
    expect(await remoteKeys()).toEqual(['run:a', 'run:b', 'seed']);
    const preconditionFailures = sim.state.requests.filter((r) => r.status === 412);
    expect(preconditionFailures.length).toBeGreaterThanOrEqual(1);
  });

  it('without ENCORE_STATE_URL it runs on the local database file', async () => {
    const local = loadConfig({ env: { ENCORE_DATA_DIR: dir }, dotenvPath: null, cwd: dir });
    const seen = await withRemoteState(local, (path) => {
      expect(path).toBe(local.dbPath);
      return recordRun(path, 'local');
    });
    expect(seen).toEqual(['local']);
    const db = await openStore(local.dbPath);
    expect(await readState(db, 'local')).toEqual({ done: true });
    await db.close();
  });

  it('a wrong bucket is a clear error (404), and nothing runs', async () => {
    let ran = false;
    const run = withRemoteState(config('gs://no-such-bucket/encore.duckdb'), async () => {
      ran = true;
    });
    await expect(run).rejects.toThrow(CloudStorageError);
    await expect(run).rejects.toThrow(/bucket "no-such-bucket" does not exist/);
    expect(ran).toBe(false);
  });

  it('a missing permission is a clear error (403)', async () => {
    sim.state.deny('encore-state');
    await expect(withRemoteState(config(), (path) => recordRun(path, 'x'))).rejects.toThrow(
      /permission denied .*roles\/storage.objectAdmin/,
    );
  });

  it('a malformed ENCORE_STATE_URL names the variable', () => {
    expect(() => config('s3://bucket/encore.duckdb')).toThrow(ConfigError);
    expect(() => config('gs://Bad_Bucket/x.duckdb')).toThrow(
      /ENCORE_STATE_URL must look like gs:\/\/BUCKET\//,
    );
    expect(() => config('gs://bucket-only/')).toThrow(/ENCORE_STATE_URL/);
  });
});
