/**
 * `encore shows sync`: for every place, pull the upcoming shows from every event source;
 * then decide which Spotify artist each new performer is; then pick tracks for the
 * matched artists (and their audio features where the tier allows). One run report in
 * job_runs: events fetched/new/updated/cancelled, performers, matches by method,
 * unmatched names, API calls per endpoint. A deferral (quota, long Retry-After) in any
 * phase keeps what was done; the next run continues from there.
 */
import type { SetlistFmClient } from '../enrich/setlistfm.ts';
import { syncPlaceEvents } from '../shows/sync-place-events.ts';
import type { EventSource, FetchWindow } from '../events/types.ts';
import type { CallCounter } from '../http/index.ts';
import { type FeaturesReport, fetchAudioFeatures } from '../shows/audio-features.ts';
import { type MatchReport, matchPerformers } from '../shows/match-performers.ts';
import { type PickReport, Picker, pickTracks } from '../shows/picks.ts';
import type { SpotifyClient } from '../spotify/client.ts';
import type { Db } from '../store/db.ts';
import { listPlaces } from '../store/places.ts';
import type { Clock } from '../util/clock.ts';
import type { Logger } from '../util/logger.ts';
import { noProgress, type Progress } from '../util/progress.ts';
import { bump, type RunReport } from '../store/job-runs.ts';
import { type JobName, runJob } from './run-job.ts';
import { formatCount } from '../util/numbers.ts';

export interface ShowsSyncDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  /** Makes a fresh progress display per phase (the CLI's bar, or nothing). */
  progress?: () => Progress;
  /** The event sources (createEventSources); empty = skip fetching, match what is stored. */
  sources: EventSource[];
  spotify: SpotifyClient;
  /** The account whose token is used and whose listening counts. */
  userId: string;
  setlistfm: SetlistFmClient | null;
  /** Shared by every client of the run, for the calls-per-endpoint figures. */
  counters: CallCounter[];
}

export interface ShowsSyncOptions {
  window: FetchWindow;
  /** Only these places (ids); default every place. */
  placeIds?: string[];
  tracksPerArtist?: number;
}

export interface ShowsSyncResult {
  report: RunReport;
  places: number;
  match: MatchReport | null;
  picks: PickReport | null;
  features: FeaturesReport | null;
  unmatched: string[];
}

export const SHOWS_SYNC_JOB = 'shows-sync' satisfies JobName;

type Phase = {
  deps: ShowsSyncDeps;
  options: ShowsSyncOptions;
  report: RunReport;
  result: ShowsSyncResult;
  progress: () => Progress;
  /** A phase that was asked to wait (quota, long Retry-After): the run ends `deferred`. */
  deferUntil: (at: number) => void;
};

export async function runShowsSync(deps: ShowsSyncDeps, options: ShowsSyncOptions): Promise<ShowsSyncResult> {
  const { value } = await runJob<ShowsSyncResult>(
    SHOWS_SYNC_JOB,
    { db: deps.db, clock: deps.clock, counters: deps.counters },
    { userId: deps.userId, saveAtStart: true, summary: (_report, result) => summarise(result) },
    async (report) => {
      const result: ShowsSyncResult = {
        report,
        places: 0,
        match: null,
        picks: null,
        features: null,
        unmatched: [],
      };
      let resumeAt: number | undefined;
      const phase: Phase = {
        deps,
        options,
        report,
        result,
        progress: deps.progress ?? (() => noProgress),
        deferUntil: (at) => (resumeAt = Math.max(resumeAt ?? 0, at)),
      };
      await syncEvents(phase);
      const deferred = await matchAndPick(phase);
      if (!deferred) {
        result.features = await fetchAudioFeatures({ ...pickDepsOf(deps), userId: deps.userId });
        bump(report, 'features_fetched', result.features.fetched);
      }
      report.outcome = resumeAt !== undefined ? 'deferred' : report.errors.length > 0 ? 'partial' : 'ok';
      if (resumeAt !== undefined) report.resumeAt = resumeAt;
      return result;
    },
  );
  return value;
}

/** Phase 1: every place's upcoming shows from every source. */
async function syncEvents({ deps, options, report, result, progress, deferUntil }: Phase): Promise<void> {
  const wanted = options.placeIds ? new Set(options.placeIds) : null;
  const places = (await listPlaces(deps.db)).filter((p) => !wanted || wanted.has(p.id));
  result.places = places.length;
  if (deps.sources.length === 0) return;
  for (const place of places) {
    const r = await syncPlaceEvents({
      db: deps.db,
      sources: deps.sources,
      place,
      window: options.window,
      clock: deps.clock,
      logger: deps.logger,
      progress: progress(),
    });
    bump(report, 'places');
    bump(report, 'events_fetched', r.eventsFetched);
    bump(report, 'events_new', r.new);
    bump(report, 'events_updated', r.updated);
    bump(report, 'events_cancelled', r.cancelled);
    bump(report, 'events_unchanged', r.unchanged);
    for (const e of r.errors) report.errors.push(`${place.id} ${e.source}: ${e.message}`);
    if (r.deferred) deferUntil(r.deferred.resumeAt);
  }
}

function pickDepsOf(deps: ShowsSyncDeps) {
  return {
    db: deps.db,
    spotify: deps.spotify,
    userId: deps.userId,
    setlistfm: deps.setlistfm,
    clock: deps.clock,
    logger: deps.logger,
  };
}

/** Phases 2 and 3: decide each performer's artist, and pick tracks. True when a phase deferred. */
async function matchAndPick({
  deps,
  options,
  report,
  result,
  progress,
  deferUntil,
}: Phase): Promise<boolean> {
  // Tracks are picked for each artist as soon as it is matched: setlist.fm's slow queue
  // (2 requests/s) then runs while Spotify matches, instead of after it.
  const pickDeps = pickDepsOf(deps);
  const picker = await Picker.create(pickDeps, { tracksPerArtist: options.tracksPerArtist });
  const match = await matchPerformers({
    ...pickDeps,
    progress: progress(),
    onDecided: async (artists) => {
      for (const artist of artists) await picker.pick(artist);
    },
  });
  result.match = match;
  result.unmatched = match.unmatched;
  bump(report, 'performers', match.performers);
  bump(report, 'performers_decided', match.decided);
  bump(report, 'performers_known', match.settled);
  bump(report, 'tributes', match.tributes);
  bump(report, 'links_verified', match.linksVerified);
  for (const [method, n] of Object.entries(match.byMethod)) bump(report, `match_${method}`, n);
  if (match.deferred) deferUntil(match.deferred.resumeAt);
  if (!match.deferred) {
    // Artists matched in earlier runs (or whose cache expired) are picked here.
    await pickTracks(
      { ...pickDeps, progress: progress() },
      { tracksPerArtist: options.tracksPerArtist },
      picker,
    );
  }
  const picks = picker.report;
  result.picks = picks;
  bump(report, 'pick_artists', picks.artists);
  bump(report, 'pick_artists_fetched', picks.picked);
  bump(report, 'pick_tracks', picks.tracks);
  bump(report, 'pick_empty', picks.empty);
  for (const [source, n] of Object.entries(picks.bySource)) bump(report, `picks_${source}`, n);
  if (picks.deferred) deferUntil(picks.deferred.resumeAt);
  return Boolean(match.deferred || picks.deferred);
}

function summarise(result: ShowsSyncResult): string {
  const c = result.report.counts;
  const parts = [
    `${result.places} place(s)`,
    `${formatCount(c.events_fetched ?? 0)} events fetched (${formatCount(c.events_new ?? 0)} new, ${formatCount(c.events_updated ?? 0)} updated, ${c.events_cancelled ?? 0} cancelled)`,
    `${c.performers ?? 0} performers (${c.performers_decided ?? 0} decided now)`,
  ];
  if (result.unmatched.length) {
    const shown = result.unmatched
      .slice(0, 10)
      .map((n) => `"${n}"`)
      .join(', ');
    parts.push(
      `unmatched: ${shown}${result.unmatched.length > 10 ? ` and ${result.unmatched.length - 10} more` : ''}`,
    );
  }
  return parts.join('; ');
}

/** The run report as lines for a terminal. */
export function formatShowsSyncReport(result: ShowsSyncResult): string {
  const { report } = result;
  const c = report.counts;
  const lines = [
    `shows sync: ${report.outcome}`,
    `  places ${result.places}; events fetched ${formatCount(c.events_fetched ?? 0)}, new ${formatCount(c.events_new ?? 0)}, updated ${formatCount(c.events_updated ?? 0)}, cancelled ${c.events_cancelled ?? 0}`,
    `  performers ${c.performers ?? 0} (decided now ${c.performers_decided ?? 0}, already known ${c.performers_known ?? 0}, tributes ${c.tributes ?? 0})`,
  ];
  const methods = Object.entries(c)
    .filter(([k]) => k.startsWith('match_'))
    .map(([k, n]) => `${k.slice(6)} ${n}`);
  if (methods.length) lines.push(`  matches by method: ${methods.join(', ')}`);
  if (result.picks) {
    lines.push(
      `  picks: ${result.picks.picked} artists fetched, ${result.picks.cached} cached, ${result.picks.tracks} tracks, ${result.picks.empty} without tracks`,
    );
  }
  if (result.features)
    lines.push(`  audio features: ${result.features.outcome} (${result.features.fetched} fetched)`);
  if (result.unmatched.length) {
    lines.push(`  unmatched (${result.unmatched.length}): ${result.unmatched.slice(0, 20).join(' · ')}`);
    lines.push('  fix one with: encore match set "<performer>" <spotify artist URL | none>');
  }
  const calls = Object.entries(report.apiCalls);
  if (calls.length) lines.push('  API calls:', ...calls.map(([k, n]) => `    ${k}: ${n}`));
  for (const e of report.errors) lines.push(`  error: ${e}`);
  if (report.resumeAt) lines.push(`  deferred: run again after ${new Date(report.resumeAt).toISOString()}`);
  return lines.join('\n');
}
