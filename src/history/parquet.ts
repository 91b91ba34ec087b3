import type { DuckDBConnection } from '@duckdb/node-api';
import { sqlLiteral } from '../store/db.ts';
import { rowReader } from './detect.ts';
import { RowCollector, type StageAppender } from './stage.ts';

/**
 * encore's Parquet export, read by DuckDB page by page (so a large file never sits in
 * memory whole) and staged like any other file. The reads run on the same connection as
 * the staging Appender: DuckDB reads a page, then the page's plays are appended.
 */

const PAGE = 50_000;

export interface ParquetStaging {
  conn: DuckDBConnection;
  appender: StageAppender;
  label: string;
  path: string;
  nowMs: number;
  keepRejects: number;
}

export async function stageParquet(
  s: ParquetStaging,
): Promise<{ collector: RowCollector } | { skip: string; problem: boolean }> {
  const source = `read_parquet(${sqlLiteral(s.path)})`;
  let total: number;
  try {
    const columns = (await s.conn.runAndReadAll(`SELECT * FROM ${source} LIMIT 0`)).columnNames();
    if (!columns.includes('played_at') || !columns.includes('track_key')) {
      return { skip: 'not an encore Parquet export (no played_at/track_key columns)', problem: false };
    }
    const count = await s.conn.runAndReadAll(`SELECT count(*)::INTEGER AS n FROM ${source}`);
    total = Number(count.getRows()[0]?.[0] ?? 0);
  } catch (error) {
    return { skip: `not a readable Parquet file: ${(error as Error).message}`, problem: true };
  }
  const collector = new RowCollector({
    label: s.label,
    read: rowReader('encore_parquet'),
    nowMs: s.nowMs,
    keep: s.keepRejects,
    spreadMinutes: false,
    emit: s.appender.emit,
  });
  for (let offset = 0; offset < total; offset += PAGE) {
    const page = await s.conn.runAndReadAll(
      `SELECT * REPLACE (epoch_ms(played_at)::DOUBLE AS played_at) FROM ${source} LIMIT ${PAGE} OFFSET ${offset}`,
    );
    page.getRowObjectsJS().forEach((record, i) => collector.add(record, offset + i));
  }
  return { collector };
}
