/**
 * Adaptive polling. Spotify keeps only the last 50 plays, and plays shorter than ~30 s
 * may not be recorded, so 50 plays take at least 25 minutes: polling at least that often
 * can never lose a play. While the user listens we poll often (default 2.5 min) so plays
 * appear quickly and late-synced offline plays are caught before newer plays push them
 * out of the window; when a session ends we drop to the idle interval (default 20 min).
 */
export const MIN_RECORDED_PLAY_MS = 30_000;
export const HISTORY_WINDOW = 50;
export const SAFE_MAX_INTERVAL_MS = MIN_RECORDED_PLAY_MS * HISTORY_WINDOW; // 25 min

export interface PollScheduleOptions {
  activeIntervalMs: number;
  idleMaxIntervalMs: number;
}

export interface PollState {
  /** played_at (ms) of the newest play stored. */
  cursorMs: number | null;
  lastPollAt: number | null;
  lastSuccessAt: number | null;
  /** When the newest play seen ended (or currently-playing was last seen playing). */
  lastActivityAt: number | null;
  intervalMs: number;
  nextPollAt: number;
  deferredUntil: number | null;
  deferReason: string | null;
  lastError: string | null;
  /** Precise mode: progress samples of the playing track. */
  nowPlaying?: { trackId: string; startedAt: number; maxProgressMs: number } | null;
}

export function initialPollState(now: number): PollState {
  return {
    cursorMs: null,
    lastPollAt: null,
    lastSuccessAt: null,
    lastActivityAt: null,
    intervalMs: 0,
    nextPollAt: now,
    deferredUntil: null,
    deferReason: null,
    lastError: null,
    nowPlaying: null,
  };
}

/**
 * Most tracks are shorter than this: when no new play has ended for this long, the
 * listening session has most likely ended, and polling drops straight to the idle
 * interval. (Doubling step by step spent several polls on every session's end; with
 * listening sessions ending many times a day, those polls are better spent on a denser
 * active interval, which is what catches late-synced offline plays deep in the window.)
 */
export const SESSION_END_GRACE_MS = 4 * 60_000;

/** The wait before the next poll, given whether the user seems to be listening. */
export function nextInterval(options: PollScheduleOptions, listening: boolean): number {
  const ceiling = Math.min(options.idleMaxIntervalMs, SAFE_MAX_INTERVAL_MS);
  return listening ? Math.min(options.activeIntervalMs, ceiling) : ceiling;
}

/**
 * Listening = this poll found new plays, or the newest play ended less than
 * SESSION_END_GRACE_MS ago (the next one is probably still playing), or the player was
 * seen playing (precise mode).
 */
export function isListening(
  state: Pick<PollState, 'lastActivityAt'>,
  now: number,
  newPlays: number,
): boolean {
  if (newPlays > 0) return true;
  return state.lastActivityAt !== null && now - state.lastActivityAt < SESSION_END_GRACE_MS;
}
