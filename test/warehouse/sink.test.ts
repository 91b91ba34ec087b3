// The warehouse sink against the BigQuery simulator (real client, real HTTP, real DuckDB file).
import { BigQuery } from '@google-cloud/bigquery';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startBigQuerySim, tableRows, type BigQuerySim } from '../../sim/bigquery/index.ts';
import type { Db } from '../../src/store/db.ts';
import { memoryLogger } from '../../src/util/logger.ts';
import { parseWarehouse, syncWarehouseAfterRun } from '../../src/warehouse/index.ts';
import { addPlays, openFixtureStore, warehouseConfig } from './fixture.ts';

let sim: BigQuerySim;
let db: Db;
let bigquery: BigQuery;
const logger = memoryLogger();

beforeAll(async () => {
  sim = await startBigQuerySim({ projectId: 'encore-sim' });
  // No client-side retries: the faults below must reach the sink as they are.
  bigquery = new BigQuery({ projectId: 'encore-sim', apiEndpoint: sim.url, autoRetry: false });
}, 30_000);
afterAll(() => sim.close());
beforeEach(async () => {
  sim.state.datasets.clear();
  sim.state.faults = {};
  db = await openFixtureStore();
});

const sync = () =>
  syncWarehouseAfterRun({ db, config: warehouseConfig(sim.url), logger }, 'capture', bigquery);
const warehousePlays = () => tableRows(sim.state, 'music', 'plays');

describe('warehouse sink', () => {
  it('appends new plays and their catalog rows once; a re-run adds nothing', async () => {
    await addPlays(db, [
      ['ana', 't1', '2026-11-02T10:00:00Z', 200000],
      ['ana', 't3', '2026-11-02T10:05:00Z', 240000],
    ]);
    const first = await sync();
    expect(first).toMatchObject({ status: 'ok', report: { plays: 2, failed: [] } });
    expect(warehousePlays()).toHaveLength(2);
    expect(
      tableRows(sim.state, 'music', 'tracks')
        .map((t) => t.track_id)
        .sort(),
    ).toEqual(['t1', 't3']);
    expect(
      tableRows(sim.state, 'music', 'artists')
        .map((a) => a.artist_id)
        .sort(),
    ).toEqual(['ar1', 'ar3']);
    const again = await sync();
    expect(again).toMatchObject({ status: 'ok', report: { plays: 0, requests: 0 } });
    await addPlays(db, [['ben', 't2', '2026-11-02T11:00:00Z', 180000]]);
    const third = await sync();
    expect(third).toMatchObject({ status: 'ok', report: { plays: 1, catalogRows: 3 } });
    expect(warehousePlays()).toHaveLength(3);
  });

  it('retries rows BigQuery rejects and keeps those still failing for the next run', async () => {
    await addPlays(db, [['ana', 't1', '2026-11-02T10:00:00Z', 200000]]);
    await addPlays(db, [['ana', 't2', '2026-11-02T10:10:00Z', 180000]]);
    await addPlays(db, [['ana', 't3', '2026-11-02T10:20:00Z', 240000]]);
    let rejections = 0;
    sim.state.faults.rejectRow = (row) => (row.track_key === 't2' && rejections++ < 1 ? 'transient' : null);
    const healed = await sync();
    expect(healed).toMatchObject({ status: 'ok', report: { plays: 3, failed: [] } });
    expect(healed.status === 'ok' && healed.report.retried).toBeGreaterThan(0);

    await addPlays(db, [['ben', 't1', '2026-11-03T10:00:00Z', 200000]]);
    await addPlays(db, [['ben', 't2', '2026-11-03T10:10:00Z', 180000]]);
    sim.state.faults.rejectRow = (row) => (row.user_id === 'ben' && row.track_key === 't2' ? 'always' : null);
    const stuck = await sync();
    expect(stuck.status === 'ok' && stuck.report.failed.map((f) => f.reason)).toEqual(['backendError']);
    expect(logger.lines.some((l) => l.includes('failedRows'))).toBe(true);
    sim.state.faults.rejectRow = undefined;
    const after = await sync();
    expect(after).toMatchObject({ status: 'ok', report: { failed: [] } });
    const keys = warehousePlays().map((p) => `${p.user_id}|${p.track_key}|${p.played_at}`);
    expect(keys).toHaveLength(5);
    expect(new Set(keys).size).toBe(5);
  });

  it('keeps plays local during an outage and sends them on the next run', async () => {
    await addPlays(db, [['ana', 't1', '2026-11-02T10:00:00Z', 200000]]);
    sim.state.faults.failNext = { status: 503, count: 1 };
    const down = await sync();
    expect(down).toMatchObject({ status: 'failed' });
    sim.state.faults.readOnly = true;
    expect(await sync()).toMatchObject({ status: 'failed', error: expect.stringMatching(/Access Denied/) });
    sim.state.faults.readOnly = false;
    expect(await sync()).toMatchObject({ status: 'ok', report: { plays: 1 } });
    expect(warehousePlays()).toHaveLength(1);
  });

  it('names ENCORE_WAREHOUSE when it is malformed', async () => {
    expect(() => parseWarehouse('bq://p/d')).toThrow(/ENCORE_WAREHOUSE.*bigquery:\/\/PROJECT\/DATASET/);
    expect(() => parseWarehouse('bigquery://My_Project/d')).toThrow(/not a valid Google Cloud project id/);
    expect(() => parseWarehouse('bigquery://my-project/bad-name')).toThrow(/not a valid BigQuery dataset id/);
    expect(parseWarehouse(undefined)).toBeUndefined();
    const result = await syncWarehouseAfterRun(
      { db, config: warehouseConfig(sim.url, 'bigquery://only-project'), logger },
      'import',
      bigquery,
    );
    expect(result).toMatchObject({ status: 'failed', error: expect.stringMatching(/^ENCORE_WAREHOUSE/) });
  });

  it('answers 404 for a wrong dataset after setup, and recovers', async () => {
    await addPlays(db, [['ana', 't1', '2026-11-02T10:00:00Z', 200000]]);
    expect(await sync()).toMatchObject({ status: 'ok' });
    sim.state.datasets.delete('music');
    await addPlays(db, [['ana', 't2', '2026-11-02T11:00:00Z', 200000]]);
    const result = await sync();
    expect(result).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/Not found: (Dataset|Table)/),
    });
    // The play BigQuery lost with the dataset is not re-sent (the mark passed it); new plays are.
    expect(await sync()).toMatchObject({ status: 'ok', report: { plays: 1 } });
  });
});
