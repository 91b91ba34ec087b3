import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DuckDBConnection, DuckDBInstance, DuckDBValue } from '@duckdb/node-api';
import { ConflictError } from '../util/errors.ts';

/**
 * A string as a quoted SQL literal, for the few places DuckDB takes no parameter
 * (COPY … TO 'path', read_parquet('path')).
 */
export function sqlLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

export type SqlParam = string | number | boolean | bigint | null | undefined | Date;
export type Row = Record<string, unknown>;

/** Raised when another process holds the database file; the message tells the user what to do. */
export class DatabaseLockedError extends ConflictError {
  readonly code = 'database_locked';

  constructor(path: string, holder: string | undefined) {
    super(
      `encore is already running with this database (${path})${holder ? `, held by ${holder}` : ''}. ` +
        'Stop the other encore process (e.g. `encore serve`) first, or point ENCORE_DB_PATH at another file.',
    );
    this.name = 'DatabaseLockedError';
  }
}

/**
 * The one handle to the DuckDB file. A thin layer over @duckdb/node-api: positional
 * parameters (`?`), rows as plain JS objects with BIGINT turned into numbers, and
 * transactions that roll back on error. Writes are serialised through one connection
 * so that a transaction never interleaves with another job's statements.
 */
export class Db implements Queryable {
  private queue: Promise<unknown> = Promise.resolve();
  private isOpen = true;

  private constructor(
    private file: string,
    private instance: DuckDBInstance,
    private conn: DuckDBConnection,
  ) {}

  get path(): string {
    return this.file;
  }

  static async open(path: string): Promise<Db> {
    const { instance, conn } = await openFile(path);
    return new Db(path, instance, conn);
  }

  /**
   * Points this handle at another file. With remote state (ENCORE_STATE_URL) every job run
   * works on a fresh copy of the bucket's file, while services built at start (token store,
   * capabilities) keep this one handle. Statements queued before finish on the old file;
   * `whileClosed` runs when no file is open (e.g. to move a file into place).
   */
  reopen(path: string, whileClosed?: () => void): Promise<void> {
    return this.serial(async () => {
      // A failed open (e.g. a corrupt download) leaves nothing open; the next reopen recovers.
      if (this.isOpen) {
        this.conn.closeSync();
        this.instance.closeSync();
        this.isOpen = false;
      }
      whileClosed?.();
      const next = await openFile(path);
      this.file = path;
      this.instance = next.instance;
      this.conn = next.conn;
      this.isOpen = true;
    });
  }

  /** Runs statements one at a time on the shared connection (DuckDB connections are not re-entrant). */
  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private readonly direct: Queryable = directQueries(() => this.conn);

  all<T extends Row = Row>(sql: string, params: SqlParam[] = []): Promise<T[]> {
    return this.serial(() => this.direct.all<T>(sql, params));
  }

  one<T extends Row = Row>(sql: string, params: SqlParam[] = []): Promise<T | undefined> {
    return this.serial(() => this.direct.one<T>(sql, params));
  }

  run(sql: string, params: SqlParam[] = []): Promise<void> {
    return this.serial(() => this.direct.run(sql, params));
  }

  /**
   * Runs `work` in one transaction: all of it is committed, or none of it. Use only the
   * `tx` handle inside; calling the Db itself from within would wait for the transaction.
   */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.serial(async () => {
      await this.conn.run('BEGIN TRANSACTION');
      try {
        const result = await work(this.direct);
        await this.conn.run('COMMIT');
        return result;
      } catch (error) {
        await this.conn.run('ROLLBACK').catch(() => undefined);
        throw error;
      }
    });
  }

  /** Runs `work` with exclusive use of the connection (bulk loads, appenders, COPY). */
  exclusive<T>(work: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
    return this.serial(() => work(this.conn));
  }

  async close(): Promise<void> {
    await this.queue;
    if (!this.isOpen) return;
    this.conn.closeSync();
    this.instance.closeSync();
    this.isOpen = false;
  }
}

async function openFile(path: string): Promise<{ instance: DuckDBInstance; conn: DuckDBConnection }> {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  let instance: DuckDBInstance;
  // Loaded on first open, not at import: modules that only need sqlLiteral or the types
  // (and `encore --help`) never pay for the native DuckDB binding.
  const { DuckDBInstance } = await import('@duckdb/node-api');
  try {
    instance = await DuckDBInstance.create(path);
  } catch (error) {
    const message = String((error as Error).message ?? error);
    if (/Could not set lock|Conflicting lock/i.test(message)) {
      const pid = /\(PID (\d+)\)/.exec(message)?.[1];
      throw new DatabaseLockedError(path, pid ? `process ${pid}` : undefined);
    }
    throw error;
  }
  const conn = await instance.connect();
  // Time zones (icu) and JSON are built into this DuckDB build: LOAD, never INSTALL (offline).
  await conn.run("LOAD icu; LOAD json; SET TimeZone = 'UTC';");
  return { instance, conn };
}

/** What repositories need: the Db itself, or a transaction's handle. */
export interface Queryable {
  all<T extends Row = Row>(sql: string, params?: SqlParam[]): Promise<T[]>;
  one<T extends Row = Row>(sql: string, params?: SqlParam[]): Promise<T | undefined>;
  run(sql: string, params?: SqlParam[]): Promise<void>;
}

function directQueries(conn: () => DuckDBConnection): Queryable {
  const all = async <T extends Row>(sql: string, params: SqlParam[] = []): Promise<T[]> => {
    const reader = await conn().runAndReadAll(sql, toValues(params));
    return reader.getRowObjectsJS().map((row) => normaliseRow(row) as T);
  };
  return {
    all,
    one: async <T extends Row>(sql: string, params: SqlParam[] = []): Promise<T | undefined> =>
      (await all<T>(sql, params))[0],
    run: async (sql, params = []) => {
      await conn().run(sql, toValues(params));
    },
  };
}

function toValues(params: SqlParam[]): DuckDBValue[] {
  return params.map((p) => {
    if (p === undefined) return null;
    if (p instanceof Date) return p.toISOString();
    return p;
  }) as DuckDBValue[];
}

function normaliseRow(row: Record<string, unknown>): Row {
  const out: Row = {};
  for (const [key, value] of Object.entries(row)) out[key] = normaliseValue(value);
  return out;
}

function normaliseValue(value: unknown): unknown {
  if (typeof value === 'bigint') {
    return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER)
      ? Number(value)
      : value.toString();
  }
  if (Array.isArray(value)) return value.map(normaliseValue);
  return value;
}
