// The REST routes of the BigQuery v2 subset: datasets, tables (and views), insertAll, queries.
import { randomUUID } from 'node:crypto';
import { BqHttpError } from './errors.js';
import { insertRows, type InsertRequestRow } from './rows.js';
import { analyzeQuery, analyzeSchema, runQuery } from './sql.js';
import type { BqDataset, BqState, BqTable } from './state.js';
import { bqFields } from './state.js';
import type { ZetaCell, ZetaSql } from './zetasql.js';

export type Body = Record<string, unknown>;
type Handler = (params: string[], body: Body, url: URL) => Promise<unknown>;
export type Route = { method: string; pattern: RegExp; handler: Handler };

const P = '/bigquery/v2/projects/([^/]+)';
const ID = /^[A-Za-z0-9_]{1,1024}$/;

export function routes(state: BqState, zeta: ZetaSql): Route[] {
  const found = lookups(state);
  return [...datasetRoutes(state, found), ...tableRoutes(state, zeta, found), ...queryRoutes(state, zeta)];
}

type Lookups = ReturnType<typeof lookups>;

/** Datasets and tables by path parameters, 404 in BigQuery's words when absent. */
function lookups(state: BqState) {
  const dataset = (p: string, d: string): BqDataset => {
    const ds = p === state.projectId ? state.datasets.get(d) : undefined;
    if (!ds) throw new BqHttpError(404, 'notFound', `Not found: Dataset ${p}:${d}`);
    return ds;
  };
  const table = (p: string, d: string, t: string): BqTable => {
    const found = dataset(p, d).tables.get(t);
    if (!found) throw new BqHttpError(404, 'notFound', `Not found: Table ${p}:${d}.${t}`);
    return found;
  };
  return { dataset, table };
}

function datasetRoutes(state: BqState, { dataset }: Lookups): Route[] {
  const datasetRes = (p: string, d: string) => ({
    kind: 'bigquery#dataset',
    id: `${p}:${d}`,
    datasetReference: { projectId: p, datasetId: d },
    location: dataset(p, d).location,
  });
  return [
    {
      method: 'GET',
      pattern: new RegExp(`^${P}/datasets/([^/]+)$`),
      handler: async ([p, d]) => datasetRes(p!, d!),
    },
    {
      method: 'POST',
      pattern: new RegExp(`^${P}/datasets$`),
      handler: async ([p], body) => {
        const id = (body.datasetReference as { datasetId?: string } | undefined)?.datasetId ?? '';
        if (p !== state.projectId) throw new BqHttpError(404, 'notFound', `Not found: Project ${p}`);
        if (!ID.test(id)) throw new BqHttpError(400, 'invalid', `Invalid dataset ID "${id}".`);
        if (state.datasets.has(id))
          throw new BqHttpError(409, 'duplicate', `Already Exists: Dataset ${p}:${id}`);
        state.datasets.set(id, { id, location: String(body.location ?? 'US'), tables: new Map() });
        return datasetRes(p, id);
      },
    },
  ];
}

function tableRoutes(state: BqState, zeta: ZetaSql, { dataset, table }: Lookups): Route[] {
  /** Creates or replaces a table or a GoogleSQL view; a view's schema is its query's columns. */
  const saveTable = async (p: string, d: string, body: Body, existing?: BqTable) => {
    const ref = body.tableReference as { tableId?: string } | undefined;
    const id = existing?.id ?? ref?.tableId ?? '';
    if (!ID.test(id)) throw new BqHttpError(400, 'invalid', `Invalid table ID "${id}".`);
    const view = (body.view as { query?: string; useLegacySql?: boolean } | undefined)?.query;
    if (view !== undefined && (body.view as { useLegacySql?: boolean }).useLegacySql !== false) {
      throw new BqHttpError(
        400,
        'invalid',
        'The simulator supports GoogleSQL views only: set useLegacySql false.',
      );
    }
    const schema = view
      ? bqFields(await analyzeQuery(zeta, state, view))
      : ((body.schema as { fields?: BqTable['schema'] } | undefined)?.fields ?? existing?.schema ?? []);
    if (!view) await analyzeSchema(zeta, schema);
    const t: BqTable = existing ?? { id, schema, rows: [], insertIds: new Set() };
    t.schema = schema;
    t.view = view;
    dataset(p, d).tables.set(id, t);
    return tableResource(p, d, t);
  };
  return [
    {
      method: 'GET',
      pattern: new RegExp(`^${P}/datasets/([^/]+)/tables/([^/]+)$`),
      handler: async ([p, d, t]) => tableResource(p!, d!, table(p!, d!, t!)),
    },
    {
      method: 'POST',
      pattern: new RegExp(`^${P}/datasets/([^/]+)/tables$`),
      handler: async ([p, d], body) => {
        const id = (body.tableReference as { tableId?: string } | undefined)?.tableId ?? '';
        if (dataset(p!, d!).tables.has(id))
          throw new BqHttpError(409, 'duplicate', `Already Exists: Table ${p}:${d}.${id}`);
        return saveTable(p!, d!, body);
      },
    },
    ...['PUT', 'PATCH'].map((method) => ({
      method,
      pattern: new RegExp(`^${P}/datasets/([^/]+)/tables/([^/]+)$`),
      handler: (async ([p, d, t], body) => saveTable(p!, d!, body, table(p!, d!, t!))) as Handler,
    })),
    {
      method: 'POST',
      pattern: new RegExp(`^${P}/datasets/([^/]+)/tables/([^/]+)/insertAll$`),
      handler: async ([p, d, t], body) => {
        const target = table(p!, d!, t!);
        if (target.view) throw new BqHttpError(400, 'invalid', `Cannot insert into view ${d}.${t}.`);
        const rows = (body.rows as InsertRequestRow[] | undefined) ?? [];
        const opts = {
          skipInvalidRows: body.skipInvalidRows === true,
          ignoreUnknownValues: body.ignoreUnknownValues === true,
        };
        const insertErrors = insertRows(target, rows, opts, state.faults);
        return {
          kind: 'bigquery#tableDataInsertAllResponse',
          ...(insertErrors.length ? { insertErrors } : {}),
        };
      },
    },
  ];
}

/** jobs.query runs at once (jobComplete); getQueryResults reads the kept answer back. */
function queryRoutes(state: BqState, zeta: ZetaSql): Route[] {
  const results = new Map<string, unknown>();
  const query = async (p: string, body: Body) => {
    if (p !== state.projectId) throw new BqHttpError(404, 'notFound', `Not found: Project ${p}`);
    if (body.useLegacySql !== false && body.useLegacySql !== undefined) {
      throw new BqHttpError(400, 'invalid', 'The simulator speaks GoogleSQL only: set useLegacySql false.');
    }
    const result = await runQuery(zeta, state, String(body.query ?? ''));
    const fields = bqFields(result.columns);
    const jobId = `sim_${randomUUID()}`;
    const response = {
      kind: 'bigquery#queryResponse',
      jobReference: { projectId: p, jobId, location: 'US' },
      jobComplete: true,
      schema: { fields },
      rows: result.rows.map((r) => ({ f: r.map((v, i) => ({ v: formatCell(v, fields[i]!.type) })) })),
      totalRows: String(result.rows.length),
    };
    results.set(jobId, response);
    return response;
  };
  return [
    { method: 'POST', pattern: new RegExp(`^${P}/queries$`), handler: async ([p], body) => query(p!, body) },
    {
      method: 'GET',
      pattern: new RegExp(`^${P}/queries/([^/]+)$`),
      handler: async ([, jobId]) => {
        const found = results.get(jobId!);
        if (!found) throw new BqHttpError(404, 'notFound', `Not found: Job ${jobId}`);
        return found;
      },
    },
  ];
}

function formatCell(value: ZetaCell, type: string): unknown {
  if (value === null) return null;
  if (type === 'TIMESTAMP') return String(Date.parse(String(value)) * 1000);
  return String(value);
}

function tableResource(projectId: string, datasetId: string, t: BqTable) {
  return {
    kind: 'bigquery#table',
    id: `${projectId}:${datasetId}.${t.id}`,
    tableReference: { projectId, datasetId, tableId: t.id },
    type: t.view ? 'VIEW' : 'TABLE',
    schema: { fields: t.schema },
    ...(t.view ? { view: { query: t.view, useLegacySql: false } } : {}),
    numRows: String(t.rows.length),
  };
}
