import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/store/db.ts';
import { newRunReport, recentRuns, saveRunReport } from '../../src/store/job-runs.ts';
import { openStore } from '../../src/store/open.ts';

let dir: string;
let db: Db;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'encore-runs-'));
  db = await openStore(join(dir, 'encore.duckdb'));
  await saveRunReport(db, newRunReport('listen-log', 'alice', 1_000));
  await saveRunReport(db, newRunReport('listen-log', 'bob', 2_000));
  await saveRunReport(db, newRunReport('shows-weekly', null, 3_000));
});
afterEach(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('recent job runs', () => {
  it("lists an account's runs, with the shared ones (no account) when asked, newest first", async () => {
    const own = await recentRuns(db, { userId: 'alice' });
    expect(own.map((r) => r.user_id)).toEqual(['alice']);
    const withShared = await recentRuns(db, { userId: 'alice', withShared: true });
    expect(withShared.map((r) => [r.job, r.user_id])).toEqual([
      ['shows-weekly', null],
      ['listen-log', 'alice'],
    ]);
    expect(await recentRuns(db, { userId: 'alice', withShared: true, limit: 1 })).toHaveLength(1);
  });
});
