import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/store/db.ts';
import { recordFilePlays } from '../../src/store/history-files.ts';
import { tempStore } from '../analytics/fixtures.ts';

const count = async (db: Db, hash: string) =>
  (await db.one<{ n: number }>('SELECT count(*) AS n FROM import_file_plays WHERE content_hash = ?', [hash]))!
    .n;

describe('import_file_plays (no key since migration 016)', () => {
  let db: Db;
  beforeAll(async () => {
    db = await tempStore();
  });
  afterAll(() => db.close());

  it('lists the plays a file inserted in its transaction, once, however often it is asked', async () => {
    await db.run("INSERT INTO users (user_id) VALUES ('u1')");
    await db.run(
      `INSERT INTO plays (user_id, track_key, played_at, source, inserted_at)
       VALUES ('u1', 'old', '2025-01-01T00:00:00Z', 'export_extended', '2025-01-02T00:00:00Z')`,
    );
    await db.transaction(async (tx) => {
      await tx.run(
        `INSERT INTO plays (user_id, track_key, played_at, source)
         VALUES ('u1', 'a', '2025-02-01T00:00:00Z', 'export_extended'), ('u1', 'b', '2025-02-01T00:05:00Z', 'export_extended')`,
      );
      await recordFilePlays(tx, 'u1', 'h1');
      await recordFilePlays(tx, 'u1', 'h1');
      await recordFilePlays(tx, 'u1', 'h2');
    });
    expect(await count(db, 'h1')).toBe(2);
    expect(await count(db, 'h2')).toBe(2);
    const keys = await db.all<{ k: string }>(
      "SELECT track_key AS k FROM import_file_plays WHERE content_hash = 'h1' ORDER BY 1",
    );
    expect(keys.map((r) => r.k)).toEqual(['a', 'b']);
  });

  it('has no primary key left to maintain', async () => {
    const constraints = await db.all<{ t: string }>(
      "SELECT constraint_type AS t FROM duckdb_constraints() WHERE table_name = 'import_file_plays' AND constraint_type IN ('PRIMARY KEY', 'UNIQUE')",
    );
    expect(constraints).toEqual([]);
  });
});
