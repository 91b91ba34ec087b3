import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningGcsSim, startGcsSim } from '../../sim/gcs/index.ts';
import { openStore } from '../../src/store/open.ts';
import { exportFile, type ServeWorld, serveWorld } from './serve-world.ts';

/**
 * With ENCORE_STATE_URL the database lives in a bucket and every job is one remote-state
 * transaction: a command a CLI sends to serve is one too, or its writes would reach only
 * the local copy (which the next job's download replaces).
 */

const BUCKET = 'encore-state';
const OBJECT = 'control/encore.duckdb';
let gcs: RunningGcsSim;
let world: ServeWorld;

beforeAll(async () => {
  gcs = await startGcsSim({ buckets: [BUCKET] });
  world = serveWorld({
    env: {
      ENCORE_STATE_URL: `gs://${BUCKET}/${OBJECT}`,
      ENCORE_GCS_ENDPOINT: gcs.url,
      ENCORE_SCHEDULER: 'external', // no scheduled runs: only the CLI's command writes to the bucket
    },
  });
  await world.startServe();
}, 180_000);

afterAll(async () => {
  await world?.stopServe('SIGKILL');
  await gcs?.close();
});

/** Plays of `userId` before 2020 in the bucket's file, read with a fresh DuckDB. */
async function bucketPlays(userId: string): Promise<number> {
  const object = gcs.state.buckets.get(BUCKET)!.get(OBJECT);
  if (!object) return 0;
  const dir = mkdtempSync(join(tmpdir(), 'encore-control-read-'));
  const path = join(dir, 'read.duckdb');
  writeFileSync(path, object.data);
  const db = await openStore(path);
  try {
    const row = await db.one<{ n: number }>(
      "SELECT count(*) AS n FROM plays WHERE user_id = ? AND played_at < TIMESTAMPTZ '2020-01-01'",
      [userId],
    );
    return row?.n ?? 0;
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('a CLI command through serve with ENCORE_STATE_URL (real processes)', () => {
  it('runs as one remote-state transaction: the plays it imports are in the bucket', async () => {
    exportFile(join(world.root, 'few.jsonl'), 'demo-bob', 25);
    expect(await bucketPlays('demo-bob')).toBe(0);
    const imported = await world.encore(['import', 'few.jsonl', '--user', 'demo-bob']);
    expect(imported.code, imported.out + imported.err).toBe(0);
    expect(imported.out).toMatch(/plays added\s+25/);
    expect(world.log()).toContain('command from the CLI command=import exit=0');
    expect(await bucketPlays('demo-bob')).toBe(25);
  }, 180_000);
});
