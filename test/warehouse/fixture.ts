// A real DuckDB store with a few users, tracks, artists and plays, and a config pointing at the
// BigQuery simulator.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Config, loadConfig } from '../../src/config/config.ts';
import type { Db } from '../../src/store/db.ts';
import { openStore } from '../../src/store/open.ts';

export async function openFixtureStore(): Promise<Db> {
  const dir = mkdtempSync(join(tmpdir(), 'encore-wh-'));
  const db = await openStore(join(dir, 'encore.duckdb'));
  await db.run(
    `INSERT INTO users (user_id, time_zone) VALUES ('ana', 'Europe/Berlin'), ('ben', 'America/New_York')`,
  );
  await db.run(`INSERT INTO artists (artist_id, name, genres) VALUES
    ('ar1', 'Alpha', ['indie', 'rock']), ('ar2', 'Beta', ['jazz']), ('ar3', 'Gamma', NULL)`);
  await db.run(`INSERT INTO tracks (track_id, name, duration_ms) VALUES
    ('t1', 'One', 200000), ('t2', 'Two', 180000), ('t3', 'Three', 240000)`);
  await db.run(`INSERT INTO track_artists (track_id, artist_id, position) VALUES
    ('t1', 'ar1', 0), ('t2', 'ar2', 0), ('t3', 'ar3', 0), ('t3', 'ar1', 1)`);
  return db;
}

const NAMES: Record<string, [string, string]> = {
  t1: ['One', 'Alpha'],
  t2: ['Two', 'Beta'],
  t3: ['Three', 'Gamma'],
};

/** Adds plays in one transaction (one inserted_at, as a capture commit does). */
export async function addPlays(
  db: Db,
  plays: [user: string, track: string, at: string, ms: number | null][],
) {
  await db.transaction(async (tx) => {
    for (const [user, track, at, ms] of plays) {
      await tx.run(
        `INSERT INTO plays (user_id, track_key, played_at, track_id, track_name, artist_name, ms_played, source)
         VALUES (?, ?, ?::TIMESTAMPTZ, ?, ?, ?, ?, 'recently_played')`,
        [user, track, at, track, NAMES[track]![0], NAMES[track]![1], ms],
      );
    }
  });
}

export function warehouseConfig(endpoint: string, warehouse = 'bigquery://encore-sim/music'): Config {
  return loadConfig({
    env: {
      ENCORE_DEMO: 'true',
      ENCORE_WAREHOUSE: warehouse,
      ENCORE_BIGQUERY_ENDPOINT: endpoint,
      ENCORE_TIMEZONE: 'UTC',
    },
    dotenvPath: null,
    cwd: tmpdir(),
  });
}
