import type { DuckDBConnection } from '@duckdb/node-api';
import { decodeRecords, isParquet } from './decode.ts';
import { DETECT_SAMPLE, detectFormat, rowReader } from './detect.ts';
import { createStageSql, type FileTally, stageBatch } from './stage.ts';
import type { HistoryFormat } from './types.ts';

/**
 * One file's bytes → its rows in the staging table. Recognises the format by content,
 * reads every row through the format's reader and appends the good ones. Runs with
 * exclusive use of the connection (the caller holds it): the Appender must not interleave
 * with other statements.
 */

export interface FileToStage {
  label: string;
  bytes: Buffer;
  /** Set for files on disk; Parquet is read by DuckDB from there. */
  path?: string;
}

export interface StageContext {
  conn: DuckDBConnection;
  table: string;
  nowMs: number;
  keepRejects: number;
  /** Fraction (0..1) of the file's rows handled so far. */
  onFraction?(fraction: number): void;
}

export type StageResult = { format: HistoryFormat } | { skip: string; problem: boolean };

const PARQUET_PAGE = 50_000;

export async function stageFile(
  file: FileToStage,
  ctx: StageContext,
  tally: FileTally,
): Promise<StageResult> {
  await ctx.conn.run(createStageSql(ctx.table));
  if (isParquet(file.bytes)) return stageParquet(file, ctx, tally);
  const decoded = decodeRecords(file.bytes);
  if ('skip' in decoded) return { skip: decoded.skip, problem: true };
  const leading = Array.from({ length: Math.min(DETECT_SAMPLE, decoded.count) }, (_, i) => decoded.get(i));
  const detected = detectFormat(file.label, leading);
  if ('skip' in detected) return { skip: detected.skip, problem: false };
  const format =
    detected.format === 'encore_jsonl' && decoded.container === 'csv' ? 'encore_csv' : detected.format;
  const total = decoded.count;
  await stageBatch(
    ctx.conn,
    ctx.table,
    {
      label: file.label,
      count: decoded.count,
      get: decoded.get,
      offset: 0,
      position: decoded.position,
      read: rowReader(format),
      nowMs: ctx.nowMs,
      keep: ctx.keepRejects,
      onRows: (done) => ctx.onFraction?.(done / total),
    },
    tally,
  );
  return { format };
}

/** encore's Parquet export, read page by page so that a large file never sits in memory whole. */
async function stageParquet(file: FileToStage, ctx: StageContext, tally: FileTally): Promise<StageResult> {
  if (!file.path) {
    return { skip: 'a Parquet file is read from disk only: import the .parquet file itself', problem: true };
  }
  const source = `read_parquet('${file.path.replace(/'/g, "''")}')`;
  let total: number;
  try {
    const columns = await ctx.conn.runAndReadAll(`SELECT * FROM ${source} LIMIT 0`);
    if (!columns.columnNames().includes('played_at') || !columns.columnNames().includes('track_key')) {
      return { skip: 'not an encore Parquet export (no played_at/track_key columns)', problem: false };
    }
    const count = await ctx.conn.runAndReadAll(`SELECT count(*)::INTEGER AS n FROM ${source}`);
    total = Number(count.getRows()[0]?.[0] ?? 0);
  } catch (error) {
    return { skip: `not a readable Parquet file: ${(error as Error).message}`, problem: true };
  }
  const read = rowReader('encore_parquet');
  for (let offset = 0; offset < total; offset += PARQUET_PAGE) {
    const page = await ctx.conn.runAndReadAll(
      `SELECT * REPLACE (epoch_ms(played_at)::DOUBLE AS played_at) FROM ${source} LIMIT ${PARQUET_PAGE} OFFSET ${offset}`,
    );
    const records = page.getRowObjectsJS();
    await stageBatch(
      ctx.conn,
      ctx.table,
      {
        label: file.label,
        count: records.length,
        get: (i) => records[i],
        offset,
        position: (i) => i,
        read,
        nowMs: ctx.nowMs,
        keep: ctx.keepRejects,
      },
      tally,
    );
    ctx.onFraction?.(Math.min(1, (offset + records.length) / Math.max(1, total)));
  }
  return { format: 'encore_parquet' };
}
