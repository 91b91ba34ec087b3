import type { RunReport } from '../store/job-runs.ts';
import type { MergeCounts } from './reconcile.ts';
import type { FileTally } from './stage.ts';
import { type ImportReport, REJECTS_KEPT } from './types.ts';
import { formatCount } from '../util/numbers.ts';

/** Building the import report as files complete, and saying it in words and in job_runs. */

export function newImportReport(runId: string, userId: string): ImportReport {
  return {
    runId,
    userId,
    outcome: 'ok',
    filesRead: 0,
    filesAlreadyImported: [],
    filesSkipped: [],
    notes: [],
    rowsRead: 0,
    playsAdded: 0,
    duplicatesMerged: 0,
    alreadyImported: 0,
    msPlayedReplaced: 0,
    rowsRejected: 0,
    rejects: [],
    kinds: { track: 0, episode: 0, audiobook: 0, unidentified: 0, video_skipped: 0 },
    unidentifiedMs: 0,
    apiCalls: {},
    seconds: 0,
  };
}

/** Adds one committed file. */
export function addFile(report: ImportReport, tally: FileTally, merge: MergeCounts | null): void {
  report.filesRead++;
  report.rowsRead += tally.rowsRead;
  report.rowsRejected += tally.rejected;
  for (const reject of tally.rejects) if (report.rejects.length < REJECTS_KEPT) report.rejects.push(reject);
  report.kinds.track += tally.kinds.track;
  report.kinds.episode += tally.kinds.episode;
  report.kinds.audiobook += tally.kinds.audiobook;
  report.kinds.unidentified += tally.kinds.unidentified;
  report.unidentifiedMs += tally.unidentifiedMs;
  report.kinds.video_skipped += tally.video;
  report.duplicatesMerged += tally.repeated;
  if (merge) {
    report.playsAdded += merge.added;
    report.duplicatesMerged += merge.merged;
    report.alreadyImported += merge.alreadyStored;
    report.msPlayedReplaced += merge.msReplaced;
  }
}

export function settleOutcome(report: ImportReport): void {
  const found = report.filesRead > 0 || report.filesAlreadyImported.length > 0;
  const problems = report.rowsRejected > 0 || report.filesSkipped.some((s) => s.problem);
  report.outcome = !found ? 'nothing_found' : problems ? 'partial' : 'ok';
}

/** The import as a job_runs record (job = 'history-import'). */
export function toRunReport(report: ImportReport, startedAt: number, finishedAt: number): RunReport {
  const errors = [
    ...report.filesSkipped.filter((s) => s.problem).map((s) => `${s.file}: ${s.why}`),
    ...report.rejects.map((r) => `${r.file}:${r.index}: ${r.why}`),
  ].slice(0, 200);
  return {
    runId: report.runId,
    job: 'history-import',
    userId: report.userId,
    startedAt,
    finishedAt,
    outcome: report.outcome === 'nothing_found' ? 'failed' : report.outcome,
    counts: {
      files_read: report.filesRead,
      files_already_imported: report.filesAlreadyImported.length,
      files_skipped: report.filesSkipped.length,
      rows_read: report.rowsRead,
      plays_added: report.playsAdded,
      duplicates_merged: report.duplicatesMerged,
      already_imported: report.alreadyImported,
      ms_played_replaced: report.msPlayedReplaced,
      rows_rejected: report.rowsRejected,
      tracks: report.kinds.track,
      episodes: report.kinds.episode,
      audiobooks: report.kinds.audiobook,
      unidentified: report.kinds.unidentified,
      unidentified_minutes: minutes(report.unidentifiedMs),
      video_skipped: report.kinds.video_skipped,
    },
    apiCalls: report.apiCalls,
    errors,
    summary: oneLine(report),
  };
}

export function oneLine(r: ImportReport): string {
  return (
    `${n(r.rowsRead)} rows read from ${r.filesRead} file(s): ${n(r.playsAdded)} plays added, ` +
    `${n(r.duplicatesMerged)} duplicates merged, ${n(r.alreadyImported)} already imported, ${n(r.rowsRejected)} rejected`
  );
}

const SHOWN_REJECTS = 20;

/** The summary the CLI prints (and the web page can show in a <pre>). */
export function formatImportSummary(r: ImportReport): string {
  const lines: string[] = [];
  lines.push(`History import for ${r.userId} — ${r.seconds.toFixed(1)} s`);
  lines.push(`  files read          ${r.filesRead}`);
  if (r.filesAlreadyImported.length) {
    lines.push(`  already imported    ${r.filesAlreadyImported.length} file(s), not read again`);
  }
  lines.push(`  rows read           ${n(r.rowsRead)}`);
  lines.push(`  plays added         ${n(r.playsAdded)}`);
  lines.push(`  duplicates merged   ${n(r.duplicatesMerged)}`);
  if (r.alreadyImported) lines.push(`  already stored      ${n(r.alreadyImported)}`);
  if (r.msPlayedReplaced)
    lines.push(`  play lengths fixed  ${n(r.msPlayedReplaced)} (export replaced inferred)`);
  lines.push(`  rows rejected       ${n(r.rowsRejected)}`);
  const k = r.kinds;
  lines.push(
    `  kinds               ${n(k.track)} tracks, ${n(k.episode)} episodes, ${n(k.audiobook)} audiobook chapters` +
      (k.video_skipped ? `, ${n(k.video_skipped)} video rows skipped` : ''),
  );
  if (k.unidentified) {
    lines.push(
      `  unidentified        ${n(k.unidentified)} rows, ${n(minutes(r.unidentifiedMs))} minutes of unidentified listening ` +
        '(no name or URI in the export; kept for listening time)',
    );
  }
  lines.push(`  Spotify calls       ${Object.values(r.apiCalls).reduce((a, b) => a + b, 0)}`);
  for (const note of r.notes) lines.push(`Note: ${note}`);
  const problems = r.filesSkipped.filter((s) => s.problem);
  const others = r.filesSkipped.filter((s) => !s.problem);
  if (problems.length) {
    lines.push('Files that could not be read:');
    for (const s of problems) lines.push(`  ${s.file} — ${s.why}`);
  }
  if (others.length) {
    lines.push('Ignored (not listening history):');
    for (const s of others) lines.push(`  ${s.file} — ${s.why}`);
  }
  if (r.rowsRejected) {
    lines.push(`Rejected rows (${Math.min(SHOWN_REJECTS, r.rejects.length)} of ${n(r.rowsRejected)} shown):`);
    for (const x of r.rejects.slice(0, SHOWN_REJECTS)) lines.push(`  ${x.file}:${x.index} — ${x.why}`);
  }
  if (r.outcome === 'nothing_found') lines.push('No Spotify streaming history was found in what was given.');
  return lines.join('\n');
}

function minutes(ms: number): number {
  return Math.round(ms / 60_000);
}

function n(value: number): string {
  return formatCount(value);
}
