import type { RunReport } from '../store/job-runs.ts';
import type { PendingCounts } from './pending.ts';
import type { StopReason } from './run.ts';

const n = (report: RunReport, key: string) => report.counts[key] ?? 0;

const STOPPED: Record<StopReason, string> = {
  budget: 'stopped: the Spotify call budget is used up — the next run continues from here',
  deferred: 'stopped: Spotify asked to wait — the next run continues from here',
  reconnect_needed: 'stopped: the account must be connected again',
  failing: 'stopped: lookups kept failing',
  interrupted: 'stopped: encore was shutting down — the next run continues from here',
};

/** The one-paragraph summary `encore resolve` prints and job_runs keeps. */
export function formatResolveSummary(
  report: RunReport,
  stop: StopReason | null,
  left: PendingCounts,
  budget: { used: number; limit: number },
): string {
  const calls = (api: string) =>
    Object.entries(report.apiCalls)
      .filter(([endpoint]) => endpoint.startsWith(`${api} `))
      .map(([endpoint, count]) => `${endpoint.slice(api.length + 1)} ×${count}`)
      .join(', ');
  const mbTotal = Object.entries(report.apiCalls)
    .filter(([endpoint]) => endpoint.startsWith('musicbrainz '))
    .reduce((sum, [, count]) => sum + count, 0);
  const lines = [
    `tracks resolved ${n(report, 'tracks_resolved')}, not found ${n(report, 'tracks_not_found')}`,
    `names resolved ${n(report, 'names_resolved')}, unresolved ${n(report, 'names_unresolved')}` +
      (n(report, 'names_reused') ? `, reused from earlier runs ${n(report, 'names_reused')}` : '') +
      (n(report, 'duplicates_merged') ? `, live duplicates merged ${n(report, 'duplicates_merged')}` : ''),
    `artist genres from spotify ${n(report, 'artists_genres_spotify')}, musicbrainz ${n(report, 'artists_genres_musicbrainz')}, none ${n(report, 'artists_genres_none')}`,
    `Spotify calls ${budget.used}/${budget.limit}${calls('spotify') ? ` (${calls('spotify')})` : ''}`,
    `MusicBrainz calls ${mbTotal}${mbTotal ? ` (${calls('musicbrainz')})` : ''}`,
  ];
  if (n(report, 'lookups_failed'))
    lines.push(`failed lookups ${n(report, 'lookups_failed')} (tried again next run)`);
  const remaining = `${left.tracks} track(s), ${left.names} name(s), ${left.artists} artist(s)`;
  if (stop) lines.push(`${STOPPED[stop]}; left: ${remaining}`);
  else if (left.tracks + left.names + left.artists > 0)
    lines.push(`done for now; left for a later run: ${remaining}`);
  else lines.push('done: nothing left to look up');
  return lines.join('\n');
}
