import type { Db } from '../store/db.ts';
import { type ModelSql, modelCtes } from './model.ts';
import type { ResolvedQuery } from './query.ts';

/**
 * Runs several analyses as ONE statement: the model CTEs once, then each analysis as a
 * column (a scalar subquery returning a STRUCT or a LIST of STRUCTs). One round trip on
 * the shared connection, the model materialised once, and DuckDB runs each part on all
 * cores — cheaper than N statements queued one after another on the single connection.
 */
export async function runAnalyses<T extends Record<string, unknown>>(
  db: Db,
  q: ResolvedQuery,
  parts: Record<keyof T & string, string>,
  options: { prior?: boolean } = {},
): Promise<T> {
  const model: ModelSql = modelCtes(q, options);
  const columns = Object.entries(parts as Record<string, string>)
    .map(([name, sql]) => `${sql} AS "${name}"`)
    .join(',\n  ');
  const rows = await db.all(`WITH ${model.sql}\nSELECT ${columns}`, model.params);
  return plain(rows[0] ?? {}) as T;
}

/** Deep copy with BIGINTs as numbers (Db only converts top-level values). */
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
