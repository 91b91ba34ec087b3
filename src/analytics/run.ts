import type { Db } from '../store/db.ts';
import { ensureDim } from './dim-cache.ts';
import { type ModelSql, modelCtes } from './model.ts';
import type { ResolvedQuery } from './query.ts';
import { namedSql } from './sql/named.ts';

/**
 * An analysis that needs CTEs of its own at the statement's top level: `ctes` go after the
 * model's, each materialised (a part's CTE is read by its column and by the name lookup),
 * and `sql` is its column. Each CTE listed in
 * `namesFor` has a `rid` column (one play of each row shown); those plays' ids and names
 * are looked up ONCE for all the statement's analyses, in the CTE `named` (rid + the
 * columns of `namedSql`). Every top list naming its own ten rows cost a pass over the
 * catalog and a plan of seven CTEs each: a fifth of the dashboard, five times over.
 */
export interface CompositePart {
  ctes: Array<{ name: string; sql: string }>;
  namesFor?: string[];
  sql: string;
}

export type AnalysisPart = string | CompositePart;

/**
 * Runs several analyses as ONE statement: the model CTEs once, then each analysis as a
 * column (a scalar subquery returning a STRUCT or a LIST of STRUCTs). One round trip on
 * the shared connection and the model materialised once — cheaper than N statements
 * queued one after another on the single connection (and measured faster than splitting
 * the work over two connections: most parts are small and DuckDB runs them on all cores).
 */
export async function runAnalyses<T extends Record<string, unknown>>(
  db: Db,
  q: ResolvedQuery,
  parts: Record<keyof T & string, AnalysisPart>,
  options: { prior?: boolean; extra?: ModelSql } = {},
): Promise<T> {
  const base: ModelSql = modelCtes(q, options);
  // Extra CTEs (after the model's) and their bound parameters, in the order they appear.
  const model: ModelSql = options.extra
    ? { sql: `${base.sql},\n${options.extra.sql}`, params: [...base.params, ...options.extra.params] }
    : base;
  const composed = composeParts(parts as Record<string, AnalysisPart>);
  const sql = `WITH ${[model.sql, ...composed.ctes].join(',\n')}\nSELECT ${composed.columns}`;
  // DuckDB's join-order optimizer spends ~20 ms on this many small joins and finds no
  // better order than the one written (measured: dashboards 15-20 % cheaper without it),
  // so it is switched off for this statement only, on the connection held exclusively.
  const row = await db.exclusive(async (conn) => {
    await ensureDim(conn);
    const before = (
      await conn.runAndReadAll("SELECT current_setting('disabled_optimizers') AS v")
    ).getRowObjectsJS()[0]?.v as string | undefined;
    await conn.run(`SET disabled_optimizers = '${withJoinOrder(before ?? '')}'`);
    try {
      return (await conn.runAndReadAll(sql, model.params)).getRowObjectsJS()[0];
    } finally {
      await conn.run(`SET disabled_optimizers = '${(before ?? '').replaceAll("'", "''")}'`);
    }
  });
  return plain(row ?? {}) as T;
}

/** The parts' own CTEs (and the shared `named`, when any asks for names) and the columns. */
export function composeParts(parts: Record<string, AnalysisPart>): { ctes: string[]; columns: string } {
  const ctes: string[] = [];
  const defined = new Set<string>();
  const named: string[] = [];
  const columns: string[] = [];
  for (const [name, part] of Object.entries(parts)) {
    if (typeof part === 'string') columns.push(`${part} AS "${name}"`);
    else {
      for (const cte of part.ctes) {
        // Two analyses ranking the same key in one statement would need their own CTE names.
        if (defined.has(cte.name))
          throw new Error(`Two analyses of one statement define the CTE ${cte.name}`);
        defined.add(cte.name);
        ctes.push(`${cte.name} AS MATERIALIZED (${cte.sql})`);
      }
      named.push(...(part.namesFor ?? []));
      columns.push(`${part.sql} AS "${name}"`);
    }
  }
  if (named.length > 0)
    ctes.push(
      `named_rids AS MATERIALIZED (${named.map((cte) => `SELECT rid FROM ${cte}`).join(' UNION ')})`,
      `named AS MATERIALIZED (${namedSql('named_rids')})`,
    );
  return { ctes, columns: columns.join(',\n  ') };
}

function withJoinOrder(disabled: string): string {
  const list = disabled
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (!list.includes('join_order')) list.push('join_order');
  return list.join(',').replaceAll("'", "''");
}

/** Deep copy with BIGINTs as numbers and dates as ISO strings (Db converts top-level values only). */
export function plain(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map(plain);
  if (value instanceof Date) return value.toISOString();
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = plain(v);
    return out;
  }
  return value;
}
