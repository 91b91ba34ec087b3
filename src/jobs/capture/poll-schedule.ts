/**
 * Adaptive polling. Spotify keeps only the last 50 plays, and plays shorter than ~30 s
 * may not be recorded, so 50 plays take at least 25 minutes: polling at least that often
 * can never lose a play. While the user listens we poll often (default 3 min) so plays
 * appear quickly; when idle we back off (doubling) up to the idle maximum (default 20 min).
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

/** The wait before the next poll, given what this poll saw. */
export function nextInterval(
  options: PollScheduleOptions,
  previousIntervalMs: number,
  listening: boolean,
): number {
  const ceiling = Math.min(options.idleMaxIntervalMs, SAFE_MAX_INTERVAL_MS);
  if (listening) return Math.min(options.activeIntervalMs, ceiling);
  const grown = previousIntervalMs > 0 ? previousIntervalMs * 2 : options.activeIntervalMs * 2;
  return Math.max(options.activeIntervalMs, Math.min(grown, ceiling));
}

/**
 * Listening = this poll found new plays, or the player was seen playing (precise mode).
 * A poll that finds nothing starts the back-off at once: a session's end costs one poll.
 */
export function isListening(
  state: Pick<PollState, 'lastActivityAt' | 'lastPollAt'>,
  now: number,
  options: PollScheduleOptions,
  newPlays: number,
): boolean {
  if (newPlays > 0) return true;
  return state.lastActivityAt !== null && now - state.lastActivityAt < options.activeIntervalMs / 2;
}
