// The BigQuery simulator over real HTTP with the real @google-cloud/bigquery client; one ZetaSQL server
// for the whole file keeps start-up cost to one process.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BigQuery } from '@google-cloud/bigquery';
import { offlineAuth } from '../../src/warehouse/index.ts';
import { startBigQuerySim, tableRows, type BigQuerySim } from '../../sim/bigquery/index.js';

let sim: BigQuerySim;
let bq: BigQuery;
const schema = [
  { name: 'user_id', type: 'STRING', mode: 'REQUIRED' },
  { name: 'played_at', type: 'TIMESTAMP' },
  { name: 'ms_played', type: 'INTEGER' },
];

beforeAll(async () => {
  sim = await startBigQuerySim({ projectId: 'proj' });
  bq = new BigQuery({
    projectId: 'proj',
    apiEndpoint: sim.url,
    maxRetries: 1,
    authClient: offlineAuth(),
  });
  await bq.createDataset('music');
  await bq.dataset('music').createTable('plays', { schema });
}, 30_000);
afterAll(() => sim.close());

const row = (id: string, user: string, at: string, ms: number) => ({
  insertId: id,
  json: { user_id: user, played_at: at, ms_played: ms },
});

describe('BigQuery simulator', () => {
  it('gets datasets and tables and answers 404 for a wrong dataset', async () => {
    const [meta] = await bq.dataset('music').table('plays').getMetadata();
    expect(meta.schema.fields.map((f: { name: string }) => f.name)).toEqual([
      'user_id',
      'played_at',
      'ms_played',
    ]);
    await expect(bq.dataset('nope').get()).rejects.toMatchObject({ code: 404 });
  });

  it('de-duplicates insertAll by insertId and queries real results', async () => {
    const table = bq.dataset('music').table('plays');
    await table.insert(
      [row('a', 'u1', '2026-01-01T10:00:00Z', 1000), row('b', 'u1', '2026-01-01T11:00:00Z', 2000)],
      { raw: true },
    );
    await table.insert([row('a', 'u1', '2026-01-01T10:00:00Z', 1000)], { raw: true });
    expect(tableRows(sim.state, 'music', 'plays')).toHaveLength(2);
    const [rows] = await bq.query({
      query:
        'SELECT user_id, COUNT(*) AS n, SUM(ms_played) AS ms, MAX(played_at) AS last FROM `proj.music.plays` GROUP BY user_id',
      useLegacySql: false,
    });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ user_id: 'u1', n: 2, ms: 3000 });
    expect(rows[0].last.value).toBe('2026-01-01T11:00:00.000Z');
  });

  it('reports per-row errors and inserts nothing from a request with a bad row', async () => {
    const table = bq.dataset('music').table('plays');
    const bad = { insertId: 'c', json: { user_id: 'u2', played_at: 'not a time', ms_played: 1 } };
    const err = await table
      .insert([row('d', 'u2', '2026-01-02T10:00:00Z', 5), bad], { raw: true })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'PartialFailureError' });
    const errors = (err as { errors: { errors: { reason: string }[] }[] }).errors;
    expect(errors.map((e) => e.errors[0]!.reason).sort()).toEqual(['invalid', 'stopped']);
    expect(tableRows(sim.state, 'music', 'plays')).toHaveLength(2);
  });

  it('checks view SQL with ZetaSQL and queries through views', async () => {
    const ds = bq.dataset('music');
    await expect(
      ds.createTable('broken', {
        view: { query: 'SELECT nope FROM `proj.music.plays`', useLegacySql: false },
      }),
    ).rejects.toMatchObject({ code: 400 });
    await ds.createTable('by_user', {
      view: {
        query: 'SELECT user_id, COUNT(*) AS plays FROM `proj.music.plays` GROUP BY user_id',
        useLegacySql: false,
      },
    });
    const [rows] = await bq.query({ query: 'SELECT * FROM `proj.music.by_user`', useLegacySql: false });
    expect(rows).toEqual([{ user_id: 'u1', plays: 2 }]);
  });

  it('rejects invalid SQL with 400 invalidQuery', async () => {
    const err = await bq.query({ query: 'SELEC 1', useLegacySql: false }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 400 });
    expect(String((err as Error).message)).toMatch(/Syntax error/);
  });

  it('injects 403 and 5xx faults and partial insert failures', async () => {
    sim.state.faults.readOnly = true;
    await expect(
      bq
        .dataset('music')
        .table('plays')
        .insert([row('e', 'u3', '2026-01-03T10:00:00Z', 1)], { raw: true }),
    ).rejects.toMatchObject({ code: 403 });
    sim.state.faults.readOnly = false;
    sim.state.faults.failNext = { status: 500, count: 5 };
    await expect(bq.dataset('music').get()).rejects.toMatchObject({ code: 500 });
    sim.state.faults.failNext = undefined;
    sim.state.faults.rejectRow = (json) => (json.user_id === 'u4' ? 'simulated row failure' : null);
    const err = await bq
      .dataset('music')
      .table('plays')
      .insert([row('f', 'u4', '2026-01-03T10:00:00Z', 1), row('g', 'u5', '2026-01-03T10:00:00Z', 1)], {
        raw: true,
        skipInvalidRows: true,
      })
      .catch((e: unknown) => e);
    sim.state.faults.rejectRow = undefined;
    expect(err).toMatchObject({ name: 'PartialFailureError' });
    expect(tableRows(sim.state, 'music', 'plays').map((r) => r.user_id)).toContain('u5');
  });
});
