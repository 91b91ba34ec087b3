// The REST subset of BigQuery v2 that @google-cloud/bigquery uses, on 127.0.0.1. Errors have BigQuery's
// shape ({ error: { code, message, errors: [{ reason }] } }) so the real client raises what it would.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { BqState, BqTable } from './state.js';
import { bqFields, createState } from './state.js';
import { insertRows, type InsertRequestRow } from './rows.js';
import { analyzeQuery, analyzeSchema, InvalidSql, NotSupportedBySimulator, runQuery } from './sql.js';
import { startZetaSql, type ZetaCell, type ZetaSql } from './zetasql.js';

export class BqHttpError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

type Body = Record<string, unknown>;
type Handler = (params: string[], body: Body, url: URL) => Promise<unknown>;
type Route = { method: string; pattern: RegExp; handler: Handler };

const STATUS_NAME: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ALREADY_EXISTS',
  500: 'INTERNAL',
  501: 'UNIMPLEMENTED',
  503: 'UNAVAILABLE',
};
const FAULT_REASON: Record<number, string> = { 403: 'accessDenied', 404: 'notFound', 500: 'backendError' };

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

function routes(state: BqState, zeta: ZetaSql): Route[] {
  const results = new Map<string, unknown>();
  const dataset = (p: string, d: string) => {
    const ds = p === state.projectId ? state.datasets.get(d) : undefined;
    if (!ds) throw new BqHttpError(404, 'notFound', `Not found: Dataset ${p}:${d}`);
    return ds;
  };
  const table = (p: string, d: string, t: string) => {
    const found = dataset(p, d).tables.get(t);
    if (!found) throw new BqHttpError(404, 'notFound', `Not found: Table ${p}:${d}.${t}`);
    return found;
  };
  const saveTable = async (p: string, d: string, body: Body, existing?: BqTable) => {
    const ref = body.tableReference as { tableId?: string } | undefined;
    const id = existing?.id ?? ref?.tableId ?? '';
    if (!/^[A-Za-z0-9_]{1,1024}$/.test(id))
      throw new BqHttpError(400, 'invalid', `Invalid table ID "${id}".`);
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
  const P = '/bigquery/v2/projects/([^/]+)';
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
        if (!/^[A-Za-z0-9_]{1,1024}$/.test(id))
          throw new BqHttpError(400, 'invalid', `Invalid dataset ID "${id}".`);
        if (state.datasets.has(id))
          throw new BqHttpError(409, 'duplicate', `Already Exists: Dataset ${p}:${id}`);
        state.datasets.set(id, { id, location: String(body.location ?? 'US'), tables: new Map() });
        return datasetRes(p, id);
      },
    },
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
  function datasetRes(p: string, d: string) {
    const ds = dataset(p, d);
    return {
      kind: 'bigquery#dataset',
      id: `${p}:${d}`,
      datasetReference: { projectId: p, datasetId: d },
      location: ds.location,
    };
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

function sendError(res: ServerResponse, err: BqHttpError) {
  send(res, err.status, {
    error: {
      code: err.status,
      message: err.message,
      errors: [{ message: err.message, domain: 'global', reason: err.reason }],
      status: STATUS_NAME[err.status] ?? 'UNKNOWN',
    },
  });
}

function toHttpError(err: unknown): BqHttpError {
  if (err instanceof BqHttpError) return err;
  if (err instanceof InvalidSql) return new BqHttpError(400, 'invalidQuery', err.message);
  if (err instanceof NotSupportedBySimulator) return new BqHttpError(501, 'notImplemented', err.message);
  return new BqHttpError(500, 'backendError', err instanceof Error ? err.message : String(err));
}

function injectedFault(state: BqState, method: string): BqHttpError | null {
  const next = state.faults.failNext;
  if (next && next.count > 0) {
    next.count--;
    return new BqHttpError(
      next.status,
      FAULT_REASON[next.status] ?? 'backendError',
      `Simulated ${next.status}.`,
    );
  }
  if (state.faults.readOnly && method !== 'GET') {
    return new BqHttpError(
      403,
      'accessDenied',
      'Access Denied: the caller does not have bigquery.tables.updateData.',
    );
  }
  return null;
}

export type BigQuerySim = { url: string; state: BqState; close(): Promise<void> };

/** Start the simulator (and its ZetaSQL server) on 127.0.0.1; `port` 0 picks a free one. */
export async function startBigQuerySim(
  opts: { projectId?: string; port?: number } = {},
): Promise<BigQuerySim> {
  const zeta = await startZetaSql();
  const state = createState(opts.projectId ?? 'encore-sim');
  const table = routes(state, zeta);
  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const text = await readBody(req);
      state.requests.push({
        method: req.method ?? 'GET',
        path: url.pathname,
        bytes: Buffer.byteLength(text),
      });
      try {
        const fault = injectedFault(state, req.method ?? 'GET');
        if (fault) throw fault;
        for (const r of table) {
          const m = r.method === req.method ? r.pattern.exec(url.pathname) : null;
          if (m)
            return send(
              res,
              200,
              await r.handler(
                m.slice(1).map(decodeURIComponent),
                text ? (JSON.parse(text) as Body) : {},
                url,
              ),
            );
        }
        throw new BqHttpError(404, 'notFound', `The simulator has no ${req.method} ${url.pathname}.`);
      } catch (err) {
        sendError(res, toHttpError(err));
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    state,
    close: () =>
      new Promise<void>((resolve) => {
        zeta.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
