// The REST subset of BigQuery v2 that @google-cloud/bigquery uses, on 127.0.0.1 (routes: routes.ts).
// Errors have BigQuery's shape (errors.ts) so the real client raises what it would.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { BqHttpError, errorBody, toHttpError } from './errors.js';
import { type Body, type Route, routes } from './routes.js';
import type { BqState } from './state.js';
import { createState } from './state.js';
import { startZetaSql } from './zetasql.js';

export { BqHttpError } from './errors.js';

const FAULT_REASON: Record<number, string> = { 403: 'accessDenied', 404: 'notFound', 500: 'backendError' };

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

/** One request: recorded, then an injected fault or the first route that matches, else 404. */
async function handle(state: BqState, table: Route[], req: IncomingMessage, res: ServerResponse) {
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
          await r.handler(m.slice(1).map(decodeURIComponent), text ? (JSON.parse(text) as Body) : {}, url),
        );
    }
    throw new BqHttpError(404, 'notFound', `The simulator has no ${req.method} ${url.pathname}.`);
  } catch (err) {
    const error = toHttpError(err);
    send(res, error.status, errorBody(error));
  }
}

export type BigQuerySim = { url: string; state: BqState; close(): Promise<void> };

/** Start the simulator (and its ZetaSQL server) on 127.0.0.1; `port` 0 picks a free one. */
export async function startBigQuerySim(
  opts: { projectId?: string; port?: number } = {},
): Promise<BigQuerySim> {
  const zeta = await startZetaSql();
  const state = createState(opts.projectId ?? 'encore-sim');
  const table = routes(state, zeta);
  const server: Server = createServer((req, res) => void handle(state, table, req, res));
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
