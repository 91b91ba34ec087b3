import { randomUUID } from 'node:crypto';
import { saveRunReport } from '../store/job-runs.ts';
import type { Db } from '../store/db.ts';
import { importedHashes, recordFilePlays, recordImportedFile } from '../store/history-files.ts';
import { type Clock, systemClock } from '../util/clock.ts';
import { type Logger, silentLogger } from '../util/logger.ts';
import { noProgress, type Progress } from '../util/progress.ts';
import { withImportSettings } from '../history/import-settings.ts';
import { type ImportInput, type PlannedFile, planInputs } from '../history/inputs.ts';
import { type Container, sniff } from '../history/decode.ts';
import { foreignOwner, ownerRefusal } from '../history/owner-check.ts';
import { stageParquet } from '../history/parquet.ts';
import { type Fingerprint, hashPass, type ReadResult, readRecords } from '../history/read-file.ts';
import {
  dropTempTables,
  type MergeCounts,
  reconcileFile,
  type TempTables,
  tempTables,
} from '../history/reconcile.ts';
import { addFile, newImportReport, settleOutcome, toRunReport } from '../history/report.ts';
import { createStageSql, type FileTally, openStageAppender, type RowCollector } from '../history/stage.ts';
import { type HistoryFormat, type ImportReport, REJECTS_KEPT } from '../history/types.ts';
import { DEFAULT_ZIP_LIMITS, type ZipLimits } from '../history/zip.ts';
import { formatCount } from '../util/numbers.ts';

/**
 * The history import: Spotify's data exports (and encore's or ListenBrainz's own files)
 * into `plays`, with zero Spotify calls — plays keep the names the export carries, so
 * every analysis works at once; `encore resolve` can fill ids and catalog later.
 *
 * One file at a time: hash it (a file recorded as imported is skipped unread) → read it
 * record by record into the staging table (read-file.ts) → reconcile with the stored plays
 * and record the file in ONE transaction (reconcile.ts). Killing the process at any point
 * leaves each file either fully stored or not at all; running the import again skips the
 * recorded files and redoes the rest, ending with exactly the rows of an uninterrupted run.
 * Memory stays near one chunk of one file plus DuckDB's own, whatever the export's size.
 * The CLI and the web upload both call `importHistory`.
 */

export interface ImportHooks {
  /** After a file's transaction committed. Throwing stops the import (tests simulate a crash with it). */
  onFileCommitted?(file: CommittedFile): void | Promise<void>;
  /** Inside the file's transaction, before COMMIT: throwing rolls that file back. For tests. */
  beforeFileCommit?(file: CommittedFile): void | Promise<void>;
}

export interface CommittedFile {
  index: number;
  label: string;
  contentHash: string;
  format: HistoryFormat;
}

export interface ImportHistoryOptions {
  db: Db;
  userId: string;
  inputs: ImportInput[];
  clock?: Clock;
  logger?: Logger;
  progress?: Progress;
  limits?: Partial<ZipLimits>;
  /** Read files again even when recorded as imported (reconciliation still adds nothing twice). */
  force?: boolean;
  /** Import an encore export whose rows name another account (refused otherwise, see owner-check.ts). */
  acceptOtherAccount?: boolean;
  hooks?: ImportHooks;
}

interface Run {
  options: ImportHistoryOptions;
  clock: Clock;
  logger: Logger;
  report: ImportReport;
  tables: TempTables;
  /** Content hashes recorded by earlier imports (empty with `force`). */
  imported: Set<string>;
  /** Content hash → label of the first file with that content in this run. */
  seen: Map<string, string>;
  progress: ByteProgress;
}

export async function importHistory(options: ImportHistoryOptions): Promise<ImportReport> {
  const clock = options.clock ?? systemClock;
  const startedAt = clock.now();
  const { db } = options;
  const plan = await planInputs(options.inputs, { ...DEFAULT_ZIP_LIMITS, ...options.limits });
  const report = newImportReport(randomUUID(), options.userId);
  report.filesSkipped.push(...plan.skipped);
  const run: Run = {
    options,
    clock,
    logger: options.logger ?? silentLogger,
    report,
    tables: tempTables(report.runId),
    imported: options.force ? new Set() : await importedHashes(db, options.userId),
    seen: new Map(),
    progress: byteProgress(options.progress ?? noProgress, plan.totalBytes, clock),
  };
  await saveRunReport(db, {
    ...toRunReport(report, startedAt, startedAt),
    outcome: 'running',
    finishedAt: undefined,
  });
  const hashing: { next: Promise<Hashed> | null } = { next: null };
  try {
    await withImportSettings(db, async () => {
      await importFiles(run, plan.files, hashing);
      report.seconds = (clock.now() - startedAt) / 1000;
      settleOutcome(report);
      run.progress.finish(report);
      // Saved while the import's checkpoint threshold still holds: this small commit must
      // not be the one that pays for folding the whole import into the file.
      await saveRunReport(db, toRunReport(report, startedAt, clock.now()));
    });
    return report;
  } catch (error) {
    const failed = toRunReport(report, startedAt, clock.now());
    failed.outcome = 'failed';
    failed.errors.unshift(`import stopped: ${(error as Error).message}`);
    await saveRunReport(db, failed).catch(() => undefined);
    throw error;
  } finally {
    await hashing.next; // never rejects; let a read in flight end before its zip is closed
    plan.close();
    await dropTempTables(db, run.tables).catch(() => undefined);
  }
}

type Hashed = Fingerprint | { error: string };

/** The hash pass; never rejects. */
function fingerprint(file: PlannedFile): Promise<Hashed> {
  return hashPass(file).catch((error: Error) => ({ error: `could not be read: ${error.message}` }));
}

/**
 * Files one at a time; only the next file's hash pass (I/O and native hashing, hardly any
 * JavaScript) runs ahead, while the current file's transaction is in DuckDB.
 */
async function importFiles(run: Run, files: PlannedFile[], hashing: { next: Promise<Hashed> | null }) {
  hashing.next = files[0] ? fingerprint(files[0]) : null;
  for (const [index, file] of files.entries()) {
    const hashed = await hashing.next!;
    const following = files[index + 1];
    let started = false;
    const hashNext = () => {
      started = true;
      hashing.next = following ? fingerprint(following) : null;
    };
    await importFile(run, file, index, hashed, hashNext);
    if (!started) hashNext();
    run.progress.fileDone(file, run.report.rowsRead);
  }
}

/**
 * Whether a hashed file is to be read, and as what container; otherwise notes in the
 * report why not (unreadable, a duplicate, imported before, not a data file).
 */
function containerToRead(run: Run, file: PlannedFile, hashed: Hashed): Container | null {
  const report = run.report;
  const skip = (why: string, problem: boolean) => {
    report.filesSkipped.push({ file: file.label, why, problem });
    return null;
  };
  if ('error' in hashed) return skip(hashed.error, true);
  const twin = run.seen.get(hashed.contentHash);
  if (twin !== undefined) return skip(`same content as ${twin}, read once`, false);
  run.seen.set(hashed.contentHash, file.label);
  if (run.imported.has(hashed.contentHash)) {
    report.filesAlreadyImported.push(file.label);
    return null;
  }
  const sniffed = sniff(hashed.head, hashed.size <= hashed.head.length);
  // The PDF in every Spotify export is not JSON, and that is no problem; a broken .json file is.
  if ('skip' in sniffed) return skip(sniffed.skip, sniffed.problem && mayHoldHistory(file.label));
  return sniffed.container;
}

async function importFile(
  run: Run,
  file: PlannedFile,
  index: number,
  hashed: Hashed,
  beforeTransaction: () => void,
): Promise<void> {
  const container = containerToRead(run, file, hashed);
  if (container === null || 'error' in hashed) return;
  const report = run.report;
  if (await refusedAsForeign(run, file, container, hashed)) return;
  const started = performance.now();
  const staged = await stage(run, file, container).catch((error: Error): StageResult => ({
    skip: `could not be read: ${error.message}`,
    problem: true,
  }));
  if ('skip' in staged) {
    report.filesSkipped.push({ file: file.label, why: staged.skip, problem: staged.problem });
    return;
  }
  const tally = staged.collector.tally;
  if (staged.format === 'spotify_video') {
    report.notes.push(
      `${file.label}: video history, ${tally.staged} track/episode rows read as plays, ` +
        `${tally.video} video rows skipped (encore keeps audio plays)`,
    );
  }
  const committed: CommittedFile = {
    index,
    label: file.label,
    contentHash: hashed.contentHash,
    format: staged.format,
  };
  const stageMs = Math.round(performance.now() - started);
  beforeTransaction();
  const merge = await run.options.db.transaction(async (tx) => {
    const counts = await reconcileFile(tx, run.tables, run.options.userId);
    await recordImportedFile(tx, fileRecord(run, committed, tally, counts));
    await recordFilePlays(tx, run.options.userId, committed.contentHash);
    await run.options.hooks?.beforeFileCommit?.(committed);
    return counts;
  });
  addFile(report, tally, merge);
  run.logger.debug('history file imported', {
    file: file.label,
    format: staged.format,
    rows: tally.rowsRead,
    added: merge.added,
    stageMs,
    sqlMs: Math.round(performance.now() - started) - stageMs,
  });
  await run.options.hooks?.onFileCommitted?.(committed);
}

/** An encore export of another account, unless the import accepts that: noted as a problem, not read. */
async function refusedAsForeign(run: Run, file: PlannedFile, container: Container, hashed: Fingerprint) {
  if (run.options.acceptOtherAccount) return false;
  const { db, userId } = run.options;
  const owner = await foreignOwner({ db, userId, container, head: hashed.head, path: file.path });
  if (owner === null) return false;
  run.report.filesSkipped.push({ file: file.label, why: ownerRefusal(owner, userId), problem: true });
  return true;
}

/** Data files by name (or no extension at all); anything else that is not JSON is simply not history. */
function mayHoldHistory(label: string): boolean {
  const name = label.split(/[/\\:]/).pop() ?? label;
  return /\.(json|jsonl|ndjson|csv|parquet|txt)$/i.test(name) || !/\.[A-Za-z0-9]{1,8}$/.test(name);
}

type StageResult = ReadResult | { format: 'encore_parquet'; collector: RowCollector };

/** Reads the file into the staging table, holding the connection (the Appender must not interleave). */
function stage(run: Run, file: PlannedFile, container: Container): Promise<StageResult> {
  const table = run.tables.stage;
  const keepRejects = Math.max(0, REJECTS_KEPT - run.report.rejects.length);
  const nowMs = run.clock.now();
  return run.options.db.exclusive(async (conn) => {
    for (const sql of createStageSql(table)) await conn.run(sql);
    const appender = await openStageAppender(conn, table);
    try {
      if (container !== 'parquet') {
        const onFraction = (f: number) => run.progress.within(file, f);
        return await readRecords(file, container, { nowMs, keepRejects, emit: appender.emit, onFraction });
      }
      if (!file.path)
        return {
          skip: 'a Parquet file is read from disk only: import the .parquet file itself',
          problem: true,
        };
      const read = await stageParquet({
        conn,
        appender,
        label: file.label,
        path: file.path,
        nowMs,
        keepRejects,
      });
      return 'skip' in read ? read : { format: 'encore_parquet', collector: read.collector };
    } finally {
      appender.close();
    }
  });
}

function fileRecord(run: Run, file: CommittedFile, tally: FileTally, counts: MergeCounts) {
  return {
    userId: run.options.userId,
    contentHash: file.contentHash,
    label: file.label,
    format: file.format,
    rowsRead: tally.rowsRead,
    playsAdded: counts.added,
    duplicatesMerged: tally.repeated + counts.merged,
    alreadyImported: counts.alreadyStored,
    rowsRejected: tally.rejected,
    runId: run.report.runId,
  };
}

/**
 * Progress in bytes of input (known up front, so the ETA is honest), with rows and rows/s
 * in the detail: the row count of a file is only known once it is parsed.
 */
interface ByteProgress {
  within(file: PlannedFile, fraction: number): void;
  fileDone(file: PlannedFile, rows: number): void;
  finish(report: ImportReport): void;
}

function byteProgress(progress: Progress, totalBytes: number, clock: Clock): ByteProgress {
  const startedAt = clock.now();
  let bytesDone = 0;
  let rowsDone = 0;
  const partial = new Map<PlannedFile, number>();
  const draw = (label: string) => {
    let bytes = bytesDone;
    for (const b of partial.values()) bytes += b;
    const seconds = Math.max(0.001, (clock.now() - startedAt) / 1000);
    const name = label.split(/[/\\:]/).pop() ?? label;
    const rate = formatCount(rowsDone / seconds);
    progress.update(bytes, `${formatCount(rowsDone)} rows, ${rate} rows/s, ${name}`);
  };
  progress.start('Importing history (bytes)', totalBytes);
  return {
    within: (file, fraction) => {
      partial.set(file, Math.round(file.size * fraction));
      draw(file.label);
    },
    fileDone: (file, rows) => {
      partial.delete(file);
      bytesDone += file.size;
      rowsDone = rows;
      draw(file.label);
    },
    finish: (report) =>
      progress.done(`${formatCount(report.rowsRead)} rows, ${formatCount(report.playsAdded)} added`),
  };
}
