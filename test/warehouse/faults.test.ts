// Bad input and faults on the warehouse path that the sink tests do not already cover: a wrong
// project, and rows BigQuery keeps rejecting — each time the plays stay in the local store, the
// doctor's "pending" count says how many wait, and the next good run sends them exactly once.
import { BigQuery } from '@google-cloud/bigquery';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type BigQuerySim, startBigQuerySim, tableRows } from '../../sim/bigquery/index.ts';
import type { Db } from '../../src/store/db.ts';
import { memoryLogger } from '../../src/util/logger.ts';
import { checkWarehouse } from '../../src/warehouse/check.ts';
import { offlineAuth, syncWarehouseAfterRun } from '../../src/warehouse/index.ts';
import { addPlays, openFixtureStore, warehouseConfig } from './fixture.ts';

let sim: BigQuerySim;
let db: Db;
const logger = memoryLogger();
const client = (projectId: string) =>
  new BigQuery({ projectId, apiEndpoint: sim.url, autoRetry: false, authClient: offlineAuth() });

beforeAll(async () => {
  sim = await startBigQuerySim({ projectId: 'encore-sim' });
}, 30_000);
afterAll(() => sim.close());
beforeEach(async () => {
  sim.state.datasets.clear();
  sim.state.faults = {};
  db = await openFixtureStore();
  await addPlays(db, [
    ['ana', 't1', '2026-11-02T10:00:00Z', 200000],
    ['ana', 't2', '2026-11-02T10:05:00Z', 180000],
    ['ben', 't3', '2026-11-02T10:09:00Z', 240000],
  ]);
  return () => db.close();
});

const sync = (warehouse: string, project: string) =>
  syncWarehouseAfterRun(
    { db, config: warehouseConfig(sim.url, warehouse), logger },
    'capture',
    client(project),
  );
const pending = async (warehouse: string) =>
  (await checkWarehouse(warehouseConfig(sim.url, warehouse), { db })).find(
    (c) => c.label === 'warehouse sync',
  )?.detail;

describe('warehouse faults', () => {
  it('a wrong project: a clear error, nothing lost, everything sent once it is fixed', async () => {
    const wrong = 'bigquery://no-such-project/music';
    const failed = await sync(wrong, 'no-such-project');
    expect(failed).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/Not found: Project no-such-project/),
    });
    expect(logger.lines.some((l) => l.includes('warehouse unavailable: plays stay in the local store'))).toBe(
      true,
    );
    expect(await pending(wrong)).toBe('nothing sent yet; 3 play(s) pending');
    const right = 'bigquery://encore-sim/music';
    expect(await sync(right, 'encore-sim')).toMatchObject({ status: 'ok', report: { plays: 3, failed: [] } });
    expect(tableRows(sim.state, 'music', 'plays')).toHaveLength(3);
    expect(await pending(right)).toMatch(/; 0 play\(s\) pending$/);
  });

  it('rows BigQuery keeps rejecting are reported, counted as pending, and sent once accepted', async () => {
    const target = 'bigquery://encore-sim/music';
    sim.state.faults.rejectRow = (row) => (row.user_id === 'ben' && row.track_key === 't3' ? 'always' : null);
    const first = await sync(target, 'encore-sim');
    expect(first.status).toBe('ok');
    const report = first.status === 'ok' ? first.report : undefined;
    expect(report?.failed).toHaveLength(1);
    expect(report?.failed[0]).toMatchObject({ insertId: 'ben|t3|2026-11-02T10:09:00.000Z' });
    expect(report?.retried).toBeGreaterThan(0); // retried before it was given up for this run
    // The mark stops before the commit that holds the rejected play: its three plays go again
    // (the same insertIds, so BigQuery keeps one copy of each).
    expect(await pending(target)).toMatch(/; 3 play\(s\) pending$/);
    sim.state.faults.rejectRow = undefined;
    expect(await sync(target, 'encore-sim')).toMatchObject({
      status: 'ok',
      report: { plays: 3, failed: [] },
    });
    const keys = tableRows(sim.state, 'music', 'plays').map((p) => `${p.user_id}|${p.track_key}`);
    expect(keys.sort()).toEqual(['ana|t1', 'ana|t2', 'ben|t3']);
  });
});
