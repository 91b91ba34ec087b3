/**
 * The playlist jobs. playlist-refresh: refreshes managed playlists one by one and keeps a run
 * report in `job_runs` (job `playlist-refresh`): playlists changed, tracks added and
 * removed, playlists recreated after the user deleted them, Spotify calls per endpoint.
 * One playlist failing does not stop the others; a rate-limit pause stops the run.
 */
import { DeferredError } from '../http/index.ts';
import { bump, type RunReport } from '../store/job-runs.ts';
import { type JobName, runJob } from './run-job.ts';
import {
  createPlaylist,
  type CreatePlaylistInput,
  type PlaylistDeps,
  type PlaylistResult,
  refreshPlaylist,
} from '../playlists/refresh.ts';
import { listManagedPlaylists } from '../playlists/store.ts';

export const PLAYLIST_REFRESH_JOB = 'playlist-refresh' satisfies JobName;

export interface RefreshRun {
  report: RunReport;
  results: PlaylistResult[];
}

/** Refreshes these playlists (encore keys), or all of them, and saves the run report. */
export async function refreshPlaylists(deps: PlaylistDeps, keys?: readonly string[]): Promise<RefreshRun> {
  const targets = keys ?? (await listManagedPlaylists(deps.db)).map((p) => p.key);
  const results: PlaylistResult[] = [];
  const { report } = await runJob(
    PLAYLIST_REFRESH_JOB,
    { db: deps.db, clock: deps.clock, counters: [deps.spotify.counter] },
    {
      outcome: (r) => {
        const failed = r.counts.failed ?? 0;
        return failed === 0 ? 'ok' : failed === targets.length ? 'failed' : 'partial';
      },
      summary: summarise,
    },
    async (report) => {
      report.counts.playlists = 0;
      for (const key of targets) {
        try {
          const result = await refreshPlaylist(deps, key);
          results.push(result);
          count(report, result);
        } catch (error) {
          if (error instanceof DeferredError) {
            report.outcome = 'deferred';
            report.resumeAt = error.resumeAt;
            report.errors.push(`${key}: ${error.message}`);
            break;
          }
          bump(report, 'failed');
          report.errors.push(`${key}: ${(error as Error).message}`);
          deps.logger.error('playlist refresh failed', { playlist: key, error: (error as Error).message });
        }
      }
    },
  );
  return { report, results };
}

/** `encore playlist create` / the Playlists page's create: a run of its own (`playlist-create`). */
export async function createPlaylistRun(
  deps: PlaylistDeps,
  input: CreatePlaylistInput,
): Promise<PlaylistResult> {
  const { value } = await runJob<PlaylistResult>(
    'playlist-create',
    { db: deps.db, clock: deps.clock, counters: [deps.spotify.counter] },
    {
      userId: input.userId,
      summary: (_report, result) => `created "${result.name}" with ${result.change.added} track(s)`,
    },
    async (report) => {
      const result = await createPlaylist(deps, input);
      count(report, result);
      return result;
    },
  );
  return value;
}

/** For the weekly schedule: every managed playlist of every account. */
export async function refreshAllPlaylists(deps: PlaylistDeps): Promise<RunReport> {
  return (await refreshPlaylists(deps)).report;
}

function count(report: RunReport, result: PlaylistResult): void {
  bump(report, 'playlists');
  const changed = result.created || result.recreated || result.change.added + result.change.removed > 0;
  if (changed) bump(report, 'playlists_changed');
  bump(report, 'tracks_added', result.change.added);
  bump(report, 'tracks_removed', result.change.removed);
  bump(report, 'tracks_kept', result.change.kept);
  if (result.created) bump(report, 'created');
  if (result.recreated) bump(report, 'recreated');
}

export function summarise(report: RunReport): string {
  const c = report.counts;
  const calls = Object.values(report.apiCalls).reduce((a, b) => a + b, 0);
  const parts = [
    `${c.playlists ?? 0} playlist(s) refreshed`,
    `${c.playlists_changed ?? 0} changed (+${c.tracks_added ?? 0} −${c.tracks_removed ?? 0} tracks, ${c.tracks_kept ?? 0} kept)`,
  ];
  if (c.recreated) parts.push(`${c.recreated} recreated after being deleted on Spotify`);
  if (c.failed) parts.push(`${c.failed} failed`);
  if (report.outcome === 'deferred') parts.push('stopped by a Spotify rate limit');
  parts.push(`${calls} Spotify call(s)`);
  return parts.join(', ');
}
