// Every statement goes through ZetaSQL: schemas, view SQL and queries are analyzed against a catalog of
// the project's tables; queries are then run by ZetaSQL's reference evaluator over the in-memory rows.
// Views are materialised first (their own SQL, evaluated) so the outer query sees them as tables.
import type { BqState, BqTable } from './state.js';
import { zetaColumns, zetaType } from './state.js';
import type { ZetaCell, ZetaColumn, ZetaSql, ZetaTable } from './zetasql.js';
import { ZetaSqlError } from './zetasql.js';

/** A statement the analyzer accepted but the evaluator cannot run: the simulator says so (501). */
export class NotSupportedBySimulator extends Error {}
/** The analyzer rejected the statement (BigQuery: 400 invalidQuery). */
export class InvalidSql extends Error {}

type Entry = { table: ZetaTable; source: BqTable };

function catalog(state: BqState): Entry[] {
  const entries: Entry[] = [];
  for (const ds of state.datasets.values()) {
    for (const t of ds.tables.values()) {
      const name = `${state.projectId}.${ds.id}.${t.id}`;
      entries.push({
        source: t,
        table: { name, aliases: [name, `${ds.id}.${t.id}`], columns: zetaColumns(t.schema) },
      });
    }
  }
  return entries;
}

async function analyzed<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof ZetaSqlError) throw new InvalidSql(err.message);
    throw err;
  }
}

/** Output columns of a query (a view's schema), or InvalidSql. */
export async function analyzeQuery(zeta: ZetaSql, state: BqState, sql: string): Promise<ZetaColumn[]> {
  const tables = catalog(state).map((e) => e.table);
  const columns = await analyzed(() => zeta.analyze(sql, tables));
  if (!columns) throw new InvalidSql('Only query statements are supported by the simulator.');
  return columns;
}

/** A table schema is valid when every field name and type resolves in GoogleSQL. */
export async function analyzeSchema(zeta: ZetaSql, fields: { name: string; type: string }[]): Promise<void> {
  if (!fields.length) throw new InvalidSql('Schema has no fields.');
  const casts = fields.map((f) => {
    const type = zetaType(f.type);
    if (!type) throw new InvalidSql(`Invalid field type ${f.type} for field ${f.name}.`);
    return `CAST(NULL AS ${type}) AS \`${f.name.replace(/`/g, '')}\``;
  });
  await analyzed(() => zeta.analyze(`SELECT ${casts.join(', ')}`, []));
}

async function materialise(zeta: ZetaSql, entries: Entry[], depth = 0): Promise<Map<string, ZetaCell[][]>> {
  if (depth > 8) throw new InvalidSql('Views nest too deeply.');
  const rows = new Map<string, ZetaCell[][]>();
  const tables = entries.map((e) => e.table);
  for (const e of entries) {
    if (!e.source.view) rows.set(e.table.name, e.source.rows);
  }
  // Views over views: evaluate in rounds until every view has rows (a view only reads what exists).
  let pending = entries.filter((e) => e.source.view);
  for (let round = 0; pending.length && round <= depth + 8; round++) {
    const next: Entry[] = [];
    for (const e of pending) {
      try {
        const known = new Map(rows);
        for (const p of pending) if (!known.has(p.table.name)) known.set(p.table.name, []);
        const result = await zeta.evaluate(e.source.view!, tables, known);
        if (referencesPending(e, pending, rows)) next.push(e);
        else rows.set(e.table.name, result.rows);
      } catch (err) {
        if (err instanceof ZetaSqlError) throw new NotSupportedBySimulator(notSupported(e.table.name, err));
        throw err;
      }
    }
    if (next.length === pending.length) break;
    pending = next;
  }
  return rows;
}

// A view whose SQL names another view that has no rows yet waits for the next round.
function referencesPending(e: Entry, pending: Entry[], rows: Map<string, ZetaCell[][]>): boolean {
  return pending.some(
    (p) => p !== e && !rows.has(p.table.name) && p.table.aliases.some((a) => e.source.view!.includes(a)),
  );
}

function notSupported(what: string, err: ZetaSqlError): string {
  return `${what}: valid GoogleSQL, but not supported by the simulator's evaluator (${err.message}).`;
}

/** Analyze, then evaluate; returns columns and rows as ZetaSQL computed them. */
export async function runQuery(zeta: ZetaSql, state: BqState, sql: string) {
  const entries = catalog(state);
  const tables = entries.map((e) => e.table);
  const columns = await analyzed(() => zeta.analyze(sql, tables));
  if (!columns) throw new InvalidSql('Only query statements are supported by the simulator.');
  const rows = await materialise(zeta, entries);
  try {
    return await zeta.evaluate(sql, tables, rows);
  } catch (err) {
    if (err instanceof ZetaSqlError) throw new NotSupportedBySimulator(notSupported('Query', err));
    throw err;
  }
}
