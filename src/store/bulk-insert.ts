/**
 * Bulk writes for the shows tables: many rows travel as one JSON parameter that DuckDB
 * unpacks, several times faster than thousands of bound parameters.
 */
import type { Queryable } from './db.ts';

export interface Column {
  name: string;
  /** DuckDB type, for reading the rows back out of JSON. */
  type: string;
}

export type RowValues = Record<string, unknown>;

/** `IN` list from one JSON array parameter of keys. */
export const JSON_KEYS = `(SELECT unnest(from_json(?, '["VARCHAR"]')))`;

/** `'event_key:VARCHAR alt_keys:VARCHAR[] …'` → columns. */
export const columns = (spec: string): Column[] =>
  spec.split(/\s+/).map((entry) => {
    const [name, type] = entry.split(':') as [string, string];
    return { name, type };
  });

/** `a = excluded.a, …` for every column but `keep`, for an upsert's DO UPDATE. */
export function updateSet(cols: Column[], keep: string[]): string {
  return cols
    .filter((c) => !keep.includes(c.name))
    .map((c) => `${c.name} = excluded.${c.name}`)
    .join(', ');
}

/** Inserts all rows in one statement; `conflict` is the ON CONFLICT clause, or ''. */
export async function insertRows(
  tx: Queryable,
  table: string,
  cols: Column[],
  rows: RowValues[],
  conflict: string,
) {
  if (rows.length === 0) return;
  const shape = Object.fromEntries(
    cols.map((c) => [c.name, c.type.endsWith('[]') ? [c.type.slice(0, -2)] : c.type]),
  );
  const names = cols.map((c) => c.name);
  await tx.run(
    `INSERT INTO ${table} (${names.join(', ')})
     SELECT ${names.map((n) => `r.${n}`).join(', ')} FROM (SELECT unnest(from_json(?, '${JSON.stringify([shape])}')) AS r)
     ${conflict}`,
    [JSON.stringify(rows)],
  );
}
