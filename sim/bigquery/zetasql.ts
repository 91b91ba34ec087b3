// One ZetaSQL (GoogleSQL) server process per simulator: the analyzer BigQuery is built on checks every
// statement, and its reference evaluator runs the queries it can. Spawned by us (not the package's
// runServer) so we own the port, the process and its shutdown.
import { execFile, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createServer } from 'node:net';

const require = createRequire(import.meta.url);

export type ZetaColumn = { name: string; type: ZetaTypeName };
export type ZetaTypeName = 'STRING' | 'INT64' | 'FLOAT64' | 'BOOL' | 'TIMESTAMP' | 'DATE';
/** `name` is unique and keys the rows; `aliases` are how SQL may name it (`proj.ds.plays`, `ds.plays`). */
export type ZetaTable = { name: string; aliases: string[]; columns: ZetaColumn[] };
export type ZetaCell = string | number | boolean | null;

const TYPE_KIND: Record<ZetaTypeName, number> = {
  INT64: 2,
  BOOL: 5,
  FLOAT64: 7,
  STRING: 8,
  DATE: 10,
  TIMESTAMP: 19,
};
const KIND_NAME = new Map(Object.entries(TYPE_KIND).map(([k, v]) => [v, k as ZetaTypeName]));

/** A failure the analyzer or evaluator reported, with gRPC's code (3 = invalid, 12 = unimplemented). */
export class ZetaSqlError extends Error {
  constructor(
    message: string,
    readonly code: number,
  ) {
    super(message);
  }
}

// The generated gRPC client is untyped at this boundary; each call is wrapped below.
type Rpc = (req: unknown, cb: (err: { code: number; details: string } | null, res: unknown) => void) => void;
type Api = Record<string, Rpc>;

export type ZetaSql = {
  analyze(sql: string, tables: ZetaTable[]): Promise<ZetaColumn[] | null>;
  evaluate(
    sql: string,
    tables: ZetaTable[],
    rows: Map<string, ZetaCell[][]>,
  ): Promise<{ columns: ZetaColumn[]; rows: ZetaCell[][] }>;
  close(): void;
};

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

function call(api: Api, method: string, req: unknown): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    api[method]!.call(api, req, (err, res) =>
      err ? reject(new ZetaSqlError(err.details, err.code)) : resolve(res as Record<string, unknown>),
    );
  });
}

// The evaluator only finds table contents for tables at the catalog's root, so every table sits there
// under each name SQL may use for it (one quoted identifier: `project.dataset.table`, `dataset.table`).
function catalogProto(tables: ZetaTable[], languageOptions: unknown): unknown {
  const table = tables.flatMap((t) =>
    t.aliases.map((alias, i) => ({
      name: entryName(t, i),
      nameInCatalog: alias,
      column: t.columns.map((c) => ({ name: c.name, type: { typeKind: TYPE_KIND[c.type] } })),
    })),
  );
  return { name: 'sim', table, builtinFunctionOptions: { languageOptions } };
}
const entryName = (t: ZetaTable, i: number): string => (i === 0 ? t.name : `${t.name}#${i}`);

function columnsOf(cols: unknown): ZetaColumn[] {
  return (cols as { name: string; type: { typeKind: string | number } }[]).map((c) => {
    const kind = typeof c.type.typeKind === 'number' ? c.type.typeKind : TYPE_KIND_BY_LABEL[c.type.typeKind];
    return { name: c.name, type: KIND_NAME.get(kind ?? -1) ?? 'STRING' };
  });
}
const TYPE_KIND_BY_LABEL: Record<string, number> = Object.fromEntries(
  Object.entries(TYPE_KIND).map(([k, v]) => [k === 'FLOAT64' ? 'TYPE_DOUBLE' : `TYPE_${k}`, v]),
);

function toValue(type: ZetaTypeName, cell: ZetaCell): unknown {
  if (cell === null) return {};
  switch (type) {
    case 'INT64':
      return { int64Value: String(cell) };
    case 'FLOAT64':
      return { doubleValue: Number(cell) };
    case 'BOOL':
      return { boolValue: cell === true || cell === 'true' };
    case 'TIMESTAMP': {
      const ms = typeof cell === 'number' ? cell * 1000 : Date.parse(String(cell));
      return { timestampValue: { seconds: String(Math.floor(ms / 1000)), nanos: (ms % 1000) * 1e6 } };
    }
    case 'DATE':
      return { dateValue: Math.round(Date.parse(`${String(cell)}T00:00:00Z`) / 86_400_000) };
    default:
      return { stringValue: String(cell) };
  }
}

function fromValue(type: ZetaTypeName, value: Record<string, unknown>): ZetaCell {
  const which = value.value as string | undefined;
  if (!which) return null;
  const v = value[which];
  switch (which) {
    case 'timestampValue': {
      const ts = v as { seconds: string; nanos: number };
      return new Date(Number(ts.seconds) * 1000 + Math.floor(ts.nanos / 1e6)).toISOString();
    }
    case 'dateValue':
      return new Date((v as number) * 86_400_000).toISOString().slice(0, 10);
    case 'int64Value':
      return Number(v);
    default:
      return type === 'STRING' ? String(v) : (v as ZetaCell);
  }
}

/** Start the server and wait until it answers; one per test file or simulator process. */
export async function startZetaSql(): Promise<ZetaSql> {
  const pkgDir = dirname(require.resolve('@fivetrandevelopers/zetasql/package.json'));
  const { ZetaSQLClient } = require('@fivetrandevelopers/zetasql') as {
    ZetaSQLClient: { init(port: number): void; API: Api };
  };
  const port = await freePort();
  const child: ChildProcess = execFile(join(pkgDir, 'lib/zetasql/remote_server.so'), [
    'localhost',
    String(port),
  ]);
  ZetaSQLClient.init(port);
  const api = ZetaSQLClient.API;
  const languageOptions = await waitReady(api);
  const options = { languageOptions, errorMessageMode: 'ERROR_MESSAGE_ONE_LINE', defaultTimezone: 'UTC' };
  return {
    async analyze(sql, tables) {
      const res = await call(api, 'analyze', {
        options,
        simpleCatalog: catalogProto(tables, languageOptions),
        sqlStatement: sql,
      });
      return outputColumns(res);
    },
    async evaluate(sql, tables, rows) {
      const tableContent: Record<string, unknown> = {};
      for (const t of tables) {
        const data = rows.get(t.name) ?? [];
        const content = {
          tableData: { row: data.map((r) => ({ cell: r.map((c, i) => toValue(t.columns[i]!.type, c)) })) },
        };
        t.aliases.forEach((alias) => (tableContent[alias] = content));
      }
      const res = await call(api, 'evaluateQuery', {
        sql,
        options,
        simpleCatalog: catalogProto(tables, languageOptions),
        tableContent,
      });
      const columns = columnsOf((res.prepared as { columns: unknown }).columns);
      const content = res.content as { tableData: { row: { cell: Record<string, unknown>[] }[] } };
      return {
        columns,
        rows: content.tableData.row.map((r) => r.cell.map((c, i) => fromValue(columns[i]!.type, c))),
      };
    },
    close() {
      child.kill('SIGKILL');
    },
  };
}

async function waitReady(api: Api): Promise<unknown> {
  for (let i = 0; i < 60; i++) {
    try {
      return await call(api, 'getLanguageOptions', { maximumFeatures: true });
    } catch (err) {
      if (!(err instanceof ZetaSqlError) || err.code !== 14) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error('ZetaSQL server did not start');
}

// A query statement's output columns, read from the resolved AST (null for DDL and other statements).
function outputColumns(res: Record<string, unknown>): ZetaColumn[] | null {
  const stmt = res.resolvedStatement as Record<string, unknown> | undefined;
  const query = stmt?.resolvedQueryStmtNode as
    { outputColumnList: { name: string; column: { type: { typeKind: string | number } } }[] } | undefined;
  if (!query) return null;
  return columnsOf(query.outputColumnList.map((c) => ({ name: c.name, type: c.column.type })));
}
