/**
 * A user's listening timeline: the ground truth behind recently-played and
 * currently-playing. Tests compare what encore logged against `plays` here.
 */
import type { Catalog } from './catalog.ts';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** One play as it really happened. `played_at` on the API is `endedAt`. */
export interface Play {
  userId: string;
  trackId: string;
  startedAt: number;
  endedAt: number;
  msPlayed: number;
  /** Ended before the track did. */
  skipped: boolean;
  contextUri: string | null;
  /** When the play shows up in recently-played; later than `endedAt` for offline plays. */
  visibleAt: number;
  /** Played on an offline device: invisible to currently-playing, synced later. */
  offline: boolean;
}

/** A play written by hand in a test. Give `startedAt` or `endedAt` (or both). */
export interface ScriptedPlay {
  trackId: string;
  startedAt?: number;
  endedAt?: number;
  /** Default: the whole track, or `endedAt - startedAt` when both are given. */
  msPlayed?: number;
  skipped?: boolean;
  contextUri?: string | null;
  /** Default `endedAt`. */
  visibleAt?: number;
  /** Default: true when `visibleAt > endedAt`. */
  offline?: boolean;
}

/** Plays that start inside the window are offline and all sync at window end + delay. */
export interface OfflineBurst {
  startOffsetMs: number;
  durationMs: number;
  syncDelayMs: number;
}

export interface TimelineOptions {
  /** First instant of the timeline (ms). Default: the sim clock's now minus 7 days. */
  start?: number;
  /** Length in days. Default 14 (a week of history and a week still to come). */
  days?: number;
  /** Plays per active day, inclusive range. Default [25, 70]. */
  playsPerDayRange?: [number, number];
  /** Offsets are from `start`. Default: one random burst per 3 days per user; `[]` for none. */
  offlineBursts?: OfflineBurst[];
  /** Share of plays ended early. Default 0.15. */
  skipRate?: number;
  /** Share of plays that repeat the previous track back to back. Default 0.04. */
  repeatRate?: number;
  /** Share of plays preceded by a pause (player paused 2–25 min) inside a session. Default 0.06. */
  pauseRate?: number;
  /** Delay before an online play appears in recently-played. Default 0. */
  visibilityLagMs?: number;
}

export type ResolvedTimelineOptions = Required<Omit<TimelineOptions, 'offlineBursts'>> & {
  offlineBursts?: OfflineBurst[];
};

/** The player sat paused, cued on `trackId`, between two plays of one session. */
export interface PausedInterval {
  from: number;
  to: number;
  trackId: string;
  contextUri: string | null;
}

export interface UserTimeline {
  /** Sorted by `endedAt`. */
  plays: Play[];
  /** Sorted by `from`. */
  pauses: PausedInterval[];
}

export interface NowPlaying {
  play: Play;
  progressMs: number;
  isPlaying: boolean;
}

export function resolveTimelineOptions(
  options: TimelineOptions | undefined,
  now: number,
): ResolvedTimelineOptions {
  return {
    start: options?.start ?? now - 7 * DAY,
    days: options?.days ?? 14,
    playsPerDayRange: options?.playsPerDayRange ?? [25, 70],
    offlineBursts: options?.offlineBursts,
    skipRate: options?.skipRate ?? 0.15,
    repeatRate: options?.repeatRate ?? 0.04,
    pauseRate: options?.pauseRate ?? 0.06,
    visibilityLagMs: options?.visibilityLagMs ?? 0,
  };
}

/** Timeline options for demo mode: history up to `now`, and more still to be played. */
export function demoTimelineOptions(now: number, pastDays = 7, futureDays = 30): TimelineOptions {
  return { start: now - pastDays * DAY, days: pastDays + futureDays };
}

export function scriptedTimeline(userId: string, scripted: ScriptedPlay[], catalog: Catalog): UserTimeline {
  const plays = scripted.map((s) => scriptedToPlay(userId, s, catalog));
  return { plays: sortPlays(plays), pauses: [] };
}

export function scriptedToPlay(userId: string, s: ScriptedPlay, catalog: Catalog): Play {
  const track = catalog.track(s.trackId);
  if (!track) throw new Error(`scripted play: unknown track id ${s.trackId}`);
  if (s.startedAt === undefined && s.endedAt === undefined) {
    throw new Error('scripted play needs startedAt or endedAt');
  }
  const span = s.startedAt !== undefined && s.endedAt !== undefined ? s.endedAt - s.startedAt : undefined;
  const msPlayed = s.msPlayed ?? Math.min(span ?? track.durationMs, track.durationMs);
  const startedAt = s.startedAt ?? (s.endedAt as number) - msPlayed;
  const endedAt = s.endedAt ?? startedAt + msPlayed;
  const visibleAt = s.visibleAt ?? endedAt;
  return {
    userId,
    trackId: s.trackId,
    startedAt,
    endedAt,
    msPlayed,
    skipped: s.skipped ?? msPlayed < track.durationMs,
    contextUri: s.contextUri ?? null,
    visibleAt,
    offline: s.offline ?? visibleAt > endedAt,
  };
}

export function sortPlays(plays: Play[]): Play[] {
  return plays.sort((a, b) => a.endedAt - b.endedAt || a.startedAt - b.startedAt);
}

/** Index of the first element for which `isAfter` holds (the array is ordered by it). */
export function lowerBound<T>(items: readonly T[], isAfter: (item: T) => boolean): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (isAfter(items[mid] as T)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * What recently-played can show at `now`: the newest `max` plays that have synced and
 * lasted at least `minPlayedMs`, newest first. Older plays are gone for good, which is
 * exactly why offline bursts can push plays out of reach.
 */
export function visibleHistory(timeline: UserTimeline, now: number, minPlayedMs: number, max = 50): Play[] {
  const out: Play[] = [];
  const end = lowerBound(timeline.plays, (p) => p.endedAt > now);
  for (let i = end - 1; i >= 0 && out.length < max; i--) {
    const play = timeline.plays[i] as Play;
    if (play.visibleAt <= now && play.msPlayed >= minPlayedMs) out.push(play);
  }
  return out;
}

/** The player state at `now`, or null when idle or on an offline device. */
export function playerStateAt(timeline: UserTimeline, now: number): NowPlaying | null {
  const i = lowerBound(timeline.plays, (p) => p.endedAt > now);
  const current = timeline.plays[i];
  if (current && current.startedAt <= now) {
    if (current.offline) return null;
    return {
      play: current,
      progressMs: Math.min(now - current.startedAt, current.msPlayed),
      isPlaying: true,
    };
  }
  const p = lowerBound(timeline.pauses, (pause) => pause.to > now);
  const pause = timeline.pauses[p];
  if (!pause || pause.from > now || !current || current.offline) return null;
  // Paused and cued on the next track: that play is the one that will start at `to`.
  return { play: current, progressMs: 0, isPlaying: false };
}
