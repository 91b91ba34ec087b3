import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DatabaseLockedError } from '../../src/store/db.ts';
import { listMigrations, migrate } from '../../src/store/migrate.ts';
import { openStore } from '../../src/store/open.ts';

const tempDb = () => join(mkdtempSync(join(tmpdir(), 'encore-store-')), 'test.duckdb');

describe('store', () => {
  it('creates the schema once and records each migration', async () => {
    const path = tempDb();
    const db = await openStore(path);
    const tables = (
      await db.all<{ table_name: string }>(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'",
      )
    ).map((r) => r.table_name);
    for (const table of [
      'users',
      'tokens',
      'artists',
      'albums',
      'tracks',
      'track_artists',
      'plays',
      'raw_payloads',
      'sync_state',
      'job_runs',
    ]) {
      expect(tables).toContain(table);
    }
    expect(await migrate(db)).toEqual([]); // nothing left to apply
    const applied = await db.all<{ version: number }>(
      'SELECT version FROM schema_migrations ORDER BY version',
    );
    expect(applied.map((r) => r.version)).toEqual(listMigrations().map((m) => m.version));
    await db.close();
  });

  it('rolls a failed transaction back completely', async () => {
    const db = await openStore(tempDb());
    await expect(
      db.transaction(async (tx) => {
        await tx.run("INSERT INTO users (user_id) VALUES ('a')");
        await tx.run("INSERT INTO users (user_id) VALUES ('a')"); // duplicate key
      }),
    ).rejects.toThrow();
    expect(await db.all('SELECT * FROM users')).toEqual([]);
    await db.close();
  });

  it('tells a second process that encore is already running with this database', async () => {
    const path = tempDb();
    const db = await openStore(path);
    const script = `import { openStore } from './src/store/open.ts';
      try { await openStore(${JSON.stringify(path)}); console.log('opened'); }
      catch (e) { console.log(e.name + ': ' + e.message); }`;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: join(import.meta.dirname, '../..'),
      encoding: 'utf8',
    });
    expect(child.stdout).toContain('DatabaseLockedError: encore is already running with this database');
    expect(child.stdout).toContain(path);
    expect(child.stdout).not.toContain('    at ');
    await db.close();
    expect(DatabaseLockedError.name).toBe('DatabaseLockedError');
  });
});
