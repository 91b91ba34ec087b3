// In-memory BigQuery: datasets, tables (with schemas or view SQL), rows, and the insertIds already seen.
import type { ZetaCell, ZetaColumn, ZetaTypeName } from './zetasql.js';

export type BqField = { name: string; type: string; mode?: string };
export type BqTable = {
  id: string;
  schema: BqField[];
  view?: string;
  rows: ZetaCell[][];
  insertIds: Set<string>;
};
export type BqDataset = { id: string; location: string; tables: Map<string, BqTable> };

/** Faults on demand: the next `count` requests answer `status`; rows matching `rejectRow` fail per row. */
export type BqFaults = {
  failNext?: { status: number; count: number };
  readOnly?: boolean;
  rejectRow?: (row: Record<string, unknown>) => string | null;
};

export type BqState = {
  projectId: string;
  datasets: Map<string, BqDataset>;
  faults: BqFaults;
  requests: { method: string; path: string; bytes: number }[];
};

const TYPE_ALIASES: Record<string, ZetaTypeName> = {
  STRING: 'STRING',
  INTEGER: 'INT64',
  INT64: 'INT64',
  FLOAT: 'FLOAT64',
  FLOAT64: 'FLOAT64',
  BOOLEAN: 'BOOL',
  BOOL: 'BOOL',
  TIMESTAMP: 'TIMESTAMP',
  DATE: 'DATE',
};

export function zetaType(bqType: string): ZetaTypeName | null {
  return TYPE_ALIASES[bqType.toUpperCase()] ?? null;
}

const BQ_NAME: Record<ZetaTypeName, string> = {
  STRING: 'STRING',
  INT64: 'INTEGER',
  FLOAT64: 'FLOAT',
  BOOL: 'BOOLEAN',
  TIMESTAMP: 'TIMESTAMP',
  DATE: 'DATE',
};

export function bqFields(columns: ZetaColumn[]): BqField[] {
  return columns.map((c) => ({ name: c.name, type: BQ_NAME[c.type], mode: 'NULLABLE' }));
}

export function zetaColumns(schema: BqField[]): ZetaColumn[] {
  return schema.map((f) => ({ name: f.name, type: zetaType(f.type) ?? 'STRING' }));
}

export function createState(projectId: string): BqState {
  return { projectId, datasets: new Map(), faults: {}, requests: [] };
}

/** Every row of every table in the dataset count (views excluded) — what a test or bench compares. */
export function tableRows(state: BqState, datasetId: string, tableId: string): Record<string, ZetaCell>[] {
  const table = state.datasets.get(datasetId)?.tables.get(tableId);
  if (!table) return [];
  return table.rows.map((r) => Object.fromEntries(table.schema.map((f, i) => [f.name, r[i] ?? null])));
}
