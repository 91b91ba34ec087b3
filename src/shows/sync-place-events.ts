/**
 * One place, every configured source: fetch the window's events page by page, merge the
 * same show across sources, store the result. A source that fails or defers does not
 * stop the others, and whatever it yielded before failing is still stored. The `shows
 * sync` job loops over places around this and records the run.
 */
import { type DeferReason, DeferredError } from '../http/index.ts';
import type { Db } from '../store/db.ts';
import { type UpsertReport, upsertEvents } from '../store/events.ts';
import type { Clock } from '../util/clock.ts';
import type { Logger } from '../util/logger.ts';
import { noProgress, type Progress } from '../util/progress.ts';
import { SourceAuthError, SourceUnavailableError } from '../events/errors.ts';
import { mergeAcrossSources } from '../events/merge.ts';
import type {
  EventSource,
  FetchWindow,
  NormalisedEvent,
  Place,
  SkippedRecord,
  SourceName,
} from '../events/types.ts';

export interface SyncPlaceOptions {
  db: Db;
  sources: EventSource[];
  place: Place;
  window: FetchWindow;
  clock: Clock;
  logger: Logger;
  progress?: Progress;
}

export interface SourceSyncReport {
  outcome: 'ok' | 'failed' | 'deferred';
  pages: number;
  /** Page requests made for this place (retries inside a page are not counted here; the CallCounter has every call). */
  requests: number;
  events: number;
  skipped: number;
  warnings: string[];
  error?: string;
}

export interface SyncError {
  source: SourceName;
  /** `auth`: fix the key; `unavailable`: the source kept answering garbage; `error`: anything else. */
  kind: 'auth' | 'unavailable' | 'error';
  message: string;
}

export interface SyncPlaceReport extends UpsertReport {
  placeId: string;
  window: { from: string; to: string };
  /** Distinct listings fetched, over all sources. */
  eventsFetched: number;
  /** Listings folded into another source's listing of the same show. */
  merged: number;
  skippedRecords: number;
  perSource: Partial<Record<SourceName, SourceSyncReport>>;
  errors: SyncError[];
  /** Set when a source asked us to stop (quota): when the sync can be completed. */
  deferred?: { api: string; reason: DeferReason; resumeAt: number };
}

export async function syncPlaceEvents(options: SyncPlaceOptions): Promise<SyncPlaceReport> {
  const { place, window, logger } = options;
  const progress = options.progress ?? noProgress;
  if (window.to.getTime() <= window.from.getTime())
    throw new RangeError('syncPlaceEvents: window.to must be after window.from');
  const report: SyncPlaceReport = {
    placeId: place.id,
    window: { from: window.from.toISOString(), to: window.to.toISOString() },
    eventsFetched: 0,
    merged: 0,
    skippedRecords: 0,
    perSource: {},
    errors: [],
    new: 0,
    updated: 0,
    cancelled: 0,
    unchanged: 0,
    absorbed: 0,
  };
  progress.start(`shows near ${place.name}`);
  const fetched: NormalisedEvent[] = [];
  await Promise.all(
    options.sources.map((source) =>
      readSource(source, options, report, progress, (events) => fetched.push(...events)),
    ),
  );
  report.eventsFetched = fetched.length;
  const { events, merged } = mergeAcrossSources(fetched);
  report.merged = merged;
  Object.assign(report, await upsertEvents(options.db, place.id, events, new Date(options.clock.now())));
  const summary = `${report.eventsFetched} listings, ${report.new} new, ${report.updated} updated, ${report.cancelled} cancelled`;
  progress.done(summary);
  logger.info(`shows near ${place.name}: ${summary}`, {
    place: place.id,
    merged,
    errors: report.errors.length,
  });
  return report;
}

/** Reads one source to the end (or to its first error), recording what happened. */
async function readSource(
  source: EventSource,
  options: SyncPlaceOptions,
  report: SyncPlaceReport,
  progress: Progress,
  keep: (events: NormalisedEvent[]) => void,
): Promise<void> {
  const stats: SourceSyncReport = {
    outcome: 'ok',
    pages: 0,
    requests: 0,
    events: 0,
    skipped: 0,
    warnings: [],
  };
  report.perSource[source.name] = stats;
  try {
    for await (const page of source.fetchEvents(options.place, options.window)) {
      keep(page.events);
      stats.pages++;
      stats.requests = page.requests;
      stats.events += page.events.length;
      stats.skipped += page.skipped.length;
      report.skippedRecords += page.skipped.length;
      stats.warnings.push(...page.warnings);
      logSkipped(options.logger, source.name, page.skipped);
      for (const warning of page.warnings) options.logger.warn(warning, { source: source.name });
      progress.tick(page.events.length, `${source.name} page ${stats.pages}`);
    }
  } catch (error) {
    recordFailure(source.name, error, stats, report, options.logger);
  }
}

function recordFailure(
  name: SourceName,
  error: unknown,
  stats: SourceSyncReport,
  report: SyncPlaceReport,
  logger: Logger,
) {
  const message = error instanceof Error ? error.message : String(error);
  stats.error = message;
  if (error instanceof DeferredError) {
    stats.outcome = 'deferred';
    // With two sources deferred, the sync is complete only once the later one resumes.
    if (!report.deferred || error.resumeAt > report.deferred.resumeAt) {
      report.deferred = { api: error.api, reason: error.reason, resumeAt: error.resumeAt };
    }
    logger.warn(`${name} deferred; keeping the ${stats.events} events fetched so far`, {
      resume_at: new Date(error.resumeAt).toISOString(),
    });
    return;
  }
  stats.outcome = 'failed';
  const kind =
    error instanceof SourceAuthError
      ? 'auth'
      : error instanceof SourceUnavailableError
        ? 'unavailable'
        : 'error';
  report.errors.push({ source: name, kind, message });
  logger.error(`${name} failed for this place`, { error: message, events_kept: stats.events });
}

function logSkipped(logger: Logger, source: SourceName, skipped: SkippedRecord[]) {
  for (const record of skipped)
    logger.warn(`${source}: skipped a record`, { id: record.sourceId, problem: record.problem });
}
