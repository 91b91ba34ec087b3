import { createHash } from 'node:crypto';
import { DeferredError, InvalidResponseError } from '../http/index.ts';
import type { SpotifyClient } from '../spotify/client.ts';
import { type PlayHistoryItem, playHistoryItem } from '../spotify/schemas.ts';
import { ReconnectNeededError } from '../spotify/token-provider.ts';
import { recordRawPayload, upsertTracks } from '../store/catalog.ts';
import type { Db, Queryable } from '../store/db.ts';
import { readState, writeState } from '../store/sync-state.ts';
import type { Clock } from '../util/clock.ts';
import type { Logger } from '../util/logger.ts';
import { bump, type RunReport } from '../store/job-runs.ts';
import { withoutStoredPlays } from './known-plays.ts';
import { type CapturedPlay, playKey, toCapturedPlay } from './play-rows.ts';
import {
  initialPollState,
  isListening,
  nextInterval,
  type PollScheduleOptions,
  type PollState,
} from './poll-schedule.ts';
import { inferPlayLengths, insertPlays } from './store-plays.ts';

export interface CaptureDeps {
  db: Db;
  spotify: SpotifyClient;
  clock: Clock;
  logger: Logger;
}

export interface CaptureOptions extends PollScheduleOptions {
  /** Re-read this far behind the newest stored play: offline plays sync late with older timestamps. */
  overlapMs?: number;
  /** Sample currently-playing to measure play lengths (costs one call per poll). */
  precise?: boolean;
  /** Test hook: called after fetching, before the transaction commits (crash tests). */
  beforeCommit?: () => void | Promise<void>;
}

export const DEFAULT_OVERLAP_MS = 24 * 3600 * 1000;
const MAX_PAGES = 5;

export const pollStateKey = (userId: string) => `poll:${userId}`;

export async function loadPollState(db: Queryable, userId: string, now: number): Promise<PollState> {
  return { ...initialPollState(now), ...(await readState<PollState>(db, pollStateKey(userId))) };
}

interface FetchedPage {
  plays: CapturedPlay[];
  tracks: PlayHistoryItem['track'][];
}

/**
 * One capture pass for one account: read recently-played after the cursor (less an
 * overlap margin), follow `next`, store new plays and their catalog rows, and move the
 * cursor — all in one transaction, so a crash re-fetches and never skips.
 */
export async function captureUser(
  deps: CaptureDeps,
  userId: string,
  options: CaptureOptions,
  report: RunReport,
): Promise<PollState> {
  const { db, clock, logger } = deps;
  const now = clock.now();
  const state = await loadPollState(db, userId, now);
  state.lastPollAt = now;
  try {
    if (options.precise) await samplePlayback(deps, userId, state);
    const fetched = await fetchNewPlays(deps, userId, state, options, report);
    let added = 0;
    await db.transaction(async (tx) => {
      const fresh = await withoutStoredPlays(tx, userId, fetched.plays);
      const freshTracks = new Set(fresh.map((p) => p.trackId));
      await upsertTracks(
        tx,
        fetched.tracks.filter((t) => t.id && freshTracks.has(t.id)),
      );
      added = await insertPlays(tx, fresh, 'recently_played');
      if (added > 0) {
        const earliest = Math.min(...fetched.plays.map((p) => p.playedAtMs));
        await inferPlayLengths(tx, userId, earliest);
        if (options.precise) await applyMeasuredLength(tx, userId, state, fetched.plays);
      }
      const newest = Math.max(state.cursorMs ?? 0, ...fetched.plays.map((p) => p.playedAtMs));
      state.cursorMs = newest > 0 ? newest : state.cursorMs;
      if (fetched.plays.length > 0) state.lastActivityAt = Math.max(state.lastActivityAt ?? 0, newest);
      const listening = isListening(state, clock.now(), added);
      state.intervalMs = nextInterval(options, listening);
      state.nextPollAt = clock.now() + state.intervalMs;
      state.lastSuccessAt = clock.now();
      state.deferredUntil = null;
      state.deferReason = null;
      state.lastError = null;
      await options.beforeCommit?.();
      await writeState(tx, pollStateKey(userId), state);
    });
    bump(report, 'plays_added', added);
    bump(report, 'plays_seen', fetched.plays.length);
    if (added) logger.info('captured plays', { user: userId, added });
  } catch (error) {
    await recordFailure(db, userId, state, options, error, report);
  }
  return state;
}

async function fetchNewPlays(
  deps: CaptureDeps,
  userId: string,
  state: PollState,
  options: CaptureOptions,
  report: RunReport,
): Promise<FetchedPage> {
  const after =
    state.cursorMs === null
      ? undefined
      : Math.max(0, state.cursorMs - (options.overlapMs ?? DEFAULT_OVERLAP_MS));
  const plays = new Map<string, CapturedPlay>();
  const tracks: PlayHistoryItem['track'][] = [];
  let url: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    let result: Awaited<ReturnType<SpotifyClient['recentlyPlayed']>>;
    try {
      result = await deps.spotify.recentlyPlayed(userId, url ? { url } : { limit: 50, after });
    } catch (error) {
      if (error instanceof InvalidResponseError) {
        // The whole page was unreadable: keep it for audit, count it, and retry next poll.
        await keepRaw(deps, userId, report, error.bodyText, `page: ${error.problem}`);
        bump(report, 'pages_malformed');
        break;
      }
      throw error;
    }
    const items = result.page.items;
    for (const [index, raw] of items.entries()) {
      const parsed = playHistoryItem.safeParse(raw);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        await keepRaw(
          deps,
          userId,
          report,
          JSON.stringify(raw),
          `item ${index}: ${issue?.path.join('.')} ${issue?.message}`,
        );
        bump(report, 'items_skipped');
        continue;
      }
      const play = toCapturedPlay(userId, parsed.data);
      if (!play) {
        bump(report, 'local_files_skipped');
        continue;
      }
      plays.set(playKey(play), play);
      tracks.push(parsed.data.track);
    }
    // Only a full page can hide more plays behind it.
    if (!result.page.next || items.length < 50) break;
    url = result.page.next;
  }
  return { plays: [...plays.values()], tracks };
}

async function keepRaw(
  deps: CaptureDeps,
  userId: string,
  report: RunReport,
  body: string,
  problem: string,
): Promise<void> {
  const id = createHash('sha256').update(`${userId}\n${body}`).digest('hex').slice(0, 32);
  await recordRawPayload(deps.db, {
    id,
    source: 'spotify:recently_played',
    userId,
    runId: report.runId,
    fetchedAt: deps.clock.now(),
    problem,
    body,
  });
  report.errors.push(`${userId}: skipped ${problem}`);
  deps.logger.warn('skipped an unreadable recently-played item', { user: userId, problem });
}

async function recordFailure(
  db: Db,
  userId: string,
  state: PollState,
  options: CaptureOptions,
  error: unknown,
  report: RunReport,
): Promise<void> {
  const message = error instanceof Error ? error.message : String(error);
  state.lastError = message;
  if (error instanceof DeferredError) {
    state.deferredUntil = error.resumeAt;
    state.deferReason = error.reason;
    state.nextPollAt = error.resumeAt;
    report.resumeAt = Math.max(report.resumeAt ?? 0, error.resumeAt);
    bump(report, 'users_deferred');
  } else if (error instanceof ReconnectNeededError) {
    state.nextPollAt = Number.MAX_SAFE_INTEGER;
    bump(report, 'users_reconnect_needed');
  } else {
    // Transient: try again after the active interval rather than waiting out an idle back-off.
    state.nextPollAt = (state.lastPollAt ?? 0) + options.activeIntervalMs;
    bump(report, 'users_failed');
  }
  report.errors.push(`${userId}: ${message}`);
  await writeState(db, pollStateKey(userId), state);
}

/** Precise mode: remember the highest progress seen for the playing track. */
async function samplePlayback(deps: CaptureDeps, userId: string, state: PollState): Promise<void> {
  const now = await deps.spotify.currentlyPlaying(userId);
  const item = now?.item as { id?: string } | null | undefined;
  if (!now || !now.is_playing || !item?.id) return;
  const progress = now.progress_ms ?? 0;
  state.lastActivityAt = deps.clock.now();
  const startedAt = deps.clock.now() - progress;
  const same =
    state.nowPlaying &&
    state.nowPlaying.trackId === item.id &&
    Math.abs(state.nowPlaying.startedAt - startedAt) < 60_000;
  state.nowPlaying = same
    ? { ...state.nowPlaying!, maxProgressMs: Math.max(state.nowPlaying!.maxProgressMs, progress) }
    : { trackId: item.id, startedAt, maxProgressMs: progress };
}

async function applyMeasuredLength(
  tx: Queryable,
  userId: string,
  state: PollState,
  plays: CapturedPlay[],
): Promise<void> {
  const sample = state.nowPlaying;
  if (!sample) return;
  const match = plays.find((p) => p.trackId === sample.trackId && p.playedAtMs >= sample.startedAt);
  if (!match) return;
  await tx.run(
    `UPDATE plays SET ms_played = ?, ms_played_source = 'measured'
     WHERE user_id = ? AND track_key = ? AND played_at = make_timestamptz(?::BIGINT * 1000) AND ms_played_source IN ('inferred', 'track_length')`,
    [
      Math.min(match.durationMs, Math.max(sample.maxProgressMs, match.playedAtMs - sample.startedAt)),
      userId,
      match.trackId,
      match.playedAtMs,
    ],
  );
  state.nowPlaying = null;
}
