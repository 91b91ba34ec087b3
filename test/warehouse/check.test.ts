// encore doctor's warehouse lines against the BigQuery simulator: real client, real HTTP, faults
// injected in the simulator, and once through the real `encore doctor` process.
import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type BigQuerySim, startBigQuerySim } from '../../sim/bigquery/index.ts';
import { loadConfig } from '../../src/config/config.ts';
import type { Db } from '../../src/store/db.ts';
import { memoryLogger } from '../../src/util/logger.ts';
import { checkWarehouse } from '../../src/warehouse/check.ts';
import { syncWarehouseAfterRun } from '../../src/warehouse/index.ts';
import { addPlays, openFixtureStore, warehouseConfig } from './fixture.ts';

const ROOT = join(import.meta.dirname, '../..');
const run = promisify(execFile);

let sim: BigQuerySim;
let db: Db;

beforeAll(async () => {
  sim = await startBigQuerySim({ projectId: 'encore-sim' });
}, 30_000);
afterAll(() => sim.close());
beforeEach(async () => {
  sim.state.datasets.clear();
  sim.state.faults = {};
  db = await openFixtureStore();
  return () => db.close();
});

const config = (warehouse: string | undefined, endpoint = sim.url) =>
  loadConfig({
    env: {
      ...(warehouse ? { ENCORE_WAREHOUSE: warehouse } : {}),
      ENCORE_BIGQUERY_ENDPOINT: endpoint,
    },
    dotenvPath: null,
    cwd: tmpdir(),
  });
const line = <T extends { label: string }>(checks: T[], label: string) =>
  checks.find((c) => c.label === label);

describe('checkWarehouse', () => {
  it('says the warehouse is optional when ENCORE_WAREHOUSE is not set', async () => {
    const checks = await checkWarehouse(config(undefined));
    expect(checks).toEqual([
      { ok: 'info', label: 'ENCORE_WAREHOUSE', detail: expect.stringMatching(/^not set \(optional\)/) },
    ]);
  });

  it('a malformed ENCORE_WAREHOUSE is a problem that says the expected shape', async () => {
    for (const bad of ['bq://p/d', 'bigquery://encore-sim', 'bigquery://encore-sim/bad-name']) {
      const checks = await checkWarehouse(config(bad));
      expect(checks).toHaveLength(1);
      expect(checks[0]).toMatchObject({ ok: false, label: 'ENCORE_WAREHOUSE' });
      expect(checks[0]!.detail).toMatch(/^ENCORE_WAREHOUSE: .*bigquery:\/\/PROJECT\/DATASET/);
    }
  });

  it('a dataset that does not exist: how to create it', async () => {
    const checks = await checkWarehouse(config('bigquery://encore-sim/music'));
    expect(line(checks, 'BigQuery endpoint')?.detail).toContain(sim.url);
    expect(line(checks, 'ENCORE_WAREHOUSE')).toMatchObject({
      ok: false,
      detail:
        'dataset encore-sim:music does not exist — create it with `bq mk --dataset encore-sim:music` (or fix the name in ENCORE_WAREHOUSE)',
    });
  });

  it('403 from BigQuery names the roles to grant', async () => {
    sim.state.datasets.set('music', { id: 'music', location: 'US', tables: new Map() });
    sim.state.faults.failNext = { status: 403, count: 1 };
    const checks = await checkWarehouse(config('bigquery://encore-sim/music'));
    expect(line(checks, 'ENCORE_WAREHOUSE')?.ok).toBe(false);
    expect(line(checks, 'ENCORE_WAREHOUSE')?.detail).toMatch(
      /^permission denied on encore-sim:music — give the service account roles\/bigquery\.dataEditor/,
    );
    // The fault is spent: the same check now passes.
    expect(line(await checkWarehouse(config('bigquery://encore-sim/music')), 'ENCORE_WAREHOUSE')?.ok).toBe(
      true,
    );
  });

  it('reports the high-water mark and the plays still to send', async () => {
    await addPlays(db, [
      ['ana', 't1', '2026-11-02T10:00:00Z', 200000],
      ['ben', 't2', '2026-11-02T10:05:00Z', 180000],
    ]);
    const target = 'bigquery://encore-sim/music';
    sim.state.datasets.set('music', { id: 'music', location: 'US', tables: new Map() });
    const before = await checkWarehouse(config(target), { db });
    expect(line(before, 'warehouse sync')?.detail).toBe('nothing sent yet; 2 play(s) pending');
    const synced = await syncWarehouseAfterRun(
      { db, config: warehouseConfig(sim.url), logger: memoryLogger() },
      'capture',
    );
    expect(synced.status).toBe('ok');
    await addPlays(db, [['ana', 't3', '2026-11-02T11:00:00Z', 240000]]);
    const after = await checkWarehouse(config(target), { db });
    expect(line(after, 'ENCORE_WAREHOUSE')).toMatchObject({
      ok: true,
      detail: `${target} — dataset reachable`,
    });
    expect(line(after, 'warehouse sync')?.detail).toMatch(
      /^sent up to plays stored at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z; 1 play\(s\) pending$/,
    );
  });

  it('an endpoint that is down is reported, not hung on', async () => {
    const down = await startBigQuerySim();
    const url = down.url;
    await down.close();
    const checks = await checkWarehouse(config('bigquery://encore-sim/music', url), { timeoutMs: 5_000 });
    expect(line(checks, 'ENCORE_WAREHOUSE')?.detail).toMatch(
      new RegExp(
        `^cannot reach encore-sim:music: .*ECONNREFUSED.* — is ${url.replace(/\./g, '\\.')} running\\?`,
      ),
    );
  }, 30_000);
});

describe('encore doctor (real process) against the BigQuery simulator', () => {
  it('prints the dataset line and the sync progress from the local store', async () => {
    sim.state.datasets.set('music', { id: 'music', location: 'US', tables: new Map() });
    await addPlays(db, [['ana', 't1', '2026-11-02T10:00:00Z', 200000]]);
    const path = db.path;
    await db.close();
    const { stdout } = await run(process.execPath, [join(ROOT, 'bin/encore.js'), 'doctor'], {
      cwd: tmpdir(),
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        ENCORE_DB_PATH: path,
        ENCORE_WAREHOUSE: 'bigquery://encore-sim/music',
        ENCORE_BIGQUERY_ENDPOINT: sim.url,
      },
      timeout: 60_000,
    });
    const lines = stdout.split('\n');
    expect(lines.find((l) => l.includes(' ENCORE_WAREHOUSE '))).toMatch(
      /^ok\s+ENCORE_WAREHOUSE\s+bigquery:\/\/encore-sim\/music — dataset reachable$/,
    );
    expect(lines.find((l) => l.includes(' warehouse sync '))).toMatch(
      /nothing sent yet; 1 play\(s\) pending$/,
    );
    db = await openFixtureStore(); // for the afterEach close
  }, 90_000);
});
