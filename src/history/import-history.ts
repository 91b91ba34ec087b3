import { createHash, randomUUID } from 'node:crypto';
import { saveRunReport } from '../jobs/job-runs.ts';
import type { Db } from '../store/db.ts';
import { isFileImported, recordImportedFile } from '../store/history-files.ts';
import { type Clock, systemClock } from '../util/clock.ts';
import { type Logger, silentLogger } from '../util/logger.ts';
import { noProgress, type Progress } from '../util/progress.ts';
import { withDeferredCheckpoints } from './checkpoints.ts';
import { type ImportInput, type PlannedFile, planInputs } from './inputs.ts';
import { type StageResult, stageFile } from './read-file.ts';
import { dropTempTables, type MergeCounts, reconcileFile, type TempTables, tempTables } from './reconcile.ts';
import { addFile, newImportReport, settleOutcome, toRunReport } from './report.ts';
import { emptyTally, type FileTally } from './stage.ts';
import { type HistoryFormat, type ImportReport, REJECTS_KEPT } from './types.ts';
import { DEFAULT_ZIP_LIMITS, type ZipLimits } from './zip.ts';

/**
 * The history import: Spotify's data exports (and encore's or ListenBrainz's own files)
 * into `plays`, with zero Spotify calls — plays keep the names the export carries, so
 * every analysis works at once; `encore resolve` can fill ids and catalog later.
 *
 * One file at a time (memory stays bounded by the largest file): read → recognise →
 * stage with the Appender → reconcile and record the file in ONE transaction. Killing the
 * process at any point leaves each file either fully stored or not at all; running the
 * import again skips the recorded files and redoes the rest, ending with exactly the rows
 * of an uninterrupted run. The CLI and the web upload both call `importHistory`.
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
  hooks?: ImportHooks;
}

interface Run {
  options: ImportHistoryOptions;
  clock: Clock;
  logger: Logger;
  report: ImportReport;
  tables: TempTables;
  /** Content hash → label of the first file with that content in this run. */
  seen: Map<string, string>;
  progress: ByteProgress;
}

export async function importHistory(options: ImportHistoryOptions): Promise<ImportReport> {
  const clock = options.clock ?? systemClock;
  const startedAt = clock.now();
  const plan = await planInputs(options.inputs, { ...DEFAULT_ZIP_LIMITS, ...options.limits });
  const runId = randomUUID();
  const report = newImportReport(runId, options.userId);
  report.filesSkipped.push(...plan.skipped);
  const run: Run = {
    options,
    clock,
    logger: options.logger ?? silentLogger,
    report,
    tables: tempTables(runId),
    seen: new Map(),
    progress: byteProgress(options.progress ?? noProgress, plan.totalBytes, clock),
  };
  const { db } = options;
  await saveRunReport(db, {
    ...toRunReport(report, startedAt, startedAt),
    outcome: 'running',
    finishedAt: undefined,
  });
  try {
    await withDeferredCheckpoints(db, async () => {
      for (const [index, file] of plan.files.entries()) {
        await importFile(run, file, index);
        run.progress.fileDone(file, report.rowsRead);
      }
    });
    report.seconds = (clock.now() - startedAt) / 1000;
    settleOutcome(report);
    run.progress.finish(report);
    await saveRunReport(db, toRunReport(report, startedAt, clock.now()));
    return report;
  } catch (error) {
    const failed = toRunReport(report, startedAt, clock.now());
    failed.outcome = 'failed';
    failed.errors.unshift(`import stopped: ${(error as Error).message}`);
    await saveRunReport(db, failed).catch(() => undefined);
    throw error;
  } finally {
    plan.close();
    await dropTempTables(db, run.tables).catch(() => undefined);
  }
}

type Prepared =
  | { done: true }
  | { done: false; contentHash: string; format: HistoryFormat; tally: FileTally; stageMs: number };

async function importFile(run: Run, file: PlannedFile, index: number): Promise<void> {
  const prepared = await prepareFile(run, file);
  if (prepared.done) return;
  const { contentHash, format, tally } = prepared;
  const { db, userId, hooks } = run.options;
  if (format === 'spotify_video') {
    addFile(run.report, tally, null);
    run.report.notes.push(
      `${file.label}: video history, ${tally.video} rows not imported (encore keeps audio plays)`,
    );
    return;
  }
  const committed: CommittedFile = { index, label: file.label, contentHash, format };
  const sqlStarted = performance.now();
  const merge = await db.transaction(async (tx) => {
    const counts = await reconcileFile(tx, run.tables, userId, { coarse: format === 'spotify_account' });
    await recordImportedFile(tx, fileRecord(run, committed, tally, counts));
    await hooks?.beforeFileCommit?.(committed);
    return counts;
  });
  addFile(run.report, tally, merge);
  run.logger.debug('history file imported', {
    file: file.label,
    format,
    rows: tally.rowsRead,
    added: merge.added,
    stageMs: prepared.stageMs,
    sqlMs: Math.round(performance.now() - sqlStarted),
  });
  await hooks?.onFileCommitted?.(committed);
}

/**
 * Reads, recognises and stages one file. Kept apart from the transaction so that the
 * file's bytes and parsed rows can be collected before the SQL step runs.
 */
async function prepareFile(run: Run, file: PlannedFile): Promise<Prepared> {
  const { db, userId, force } = run.options;
  const skip = (why: string, problem: boolean): Prepared => {
    run.report.filesSkipped.push({ file: file.label, why, problem });
    return { done: true };
  };
  let bytes: Buffer;
  try {
    bytes = await file.read();
  } catch (error) {
    return skip(`could not be read: ${(error as Error).message}`, true);
  }
  const contentHash = createHash('sha256').update(bytes).digest('hex');
  const twin = run.seen.get(contentHash);
  if (twin !== undefined) return skip(`same content as ${twin}, read once`, false);
  run.seen.set(contentHash, file.label);
  if (!force && (await isFileImported(db, userId, contentHash))) {
    run.report.filesAlreadyImported.push(file.label);
    return { done: true };
  }
  const tally = emptyTally();
  const nowMs = run.clock.now();
  const stageStarted = performance.now();
  const keepRejects = Math.max(0, REJECTS_KEPT - run.report.rejects.length);
  const staged: StageResult = await db.exclusive((conn) =>
    stageFile(
      { label: file.label, bytes, path: file.path },
      {
        conn,
        table: run.tables.stage,
        nowMs,
        keepRejects,
        onFraction: (f) => run.progress.within(file, f, run.report.rowsRead + tally.rowsRead),
      },
      tally,
    ),
  );
  if ('skip' in staged) return skip(staged.skip, staged.problem);
  return {
    done: false,
    contentHash,
    format: staged.format,
    tally,
    stageMs: Math.round(performance.now() - stageStarted),
  };
}

function fileRecord(run: Run, file: CommittedFile, tally: FileTally, counts: MergeCounts) {
  return {
    userId: run.options.userId,
    contentHash: file.contentHash,
    label: file.label,
    format: file.format,
    rowsRead: tally.rowsRead,
    playsAdded: counts.added,
    duplicatesMerged: counts.repeated + counts.merged,
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
  within(file: PlannedFile, fraction: number, rows: number): void;
  fileDone(file: PlannedFile, rows: number): void;
  finish(report: ImportReport): void;
}

function byteProgress(progress: Progress, totalBytes: number, clock: Clock): ByteProgress {
  const startedAt = clock.now();
  let bytesDone = 0;
  const detail = (rows: number, label: string) => {
    const seconds = Math.max(0.001, (clock.now() - startedAt) / 1000);
    const name = label.split(/[/\\:]/).pop() ?? label;
    return `${rows.toLocaleString('en-US')} rows, ${Math.round(rows / seconds).toLocaleString('en-US')} rows/s, ${name}`;
  };
  progress.start('Importing history (bytes)', totalBytes);
  return {
    within: (file, fraction, rows) =>
      progress.update(bytesDone + Math.round(file.size * fraction), detail(rows, file.label)),
    fileDone: (file, rows) => {
      bytesDone += file.size;
      progress.update(bytesDone, detail(rows, file.label));
    },
    finish: (report) =>
      progress.done(
        `${report.rowsRead.toLocaleString('en-US')} rows, ${report.playsAdded.toLocaleString('en-US')} added`,
      ),
  };
}
