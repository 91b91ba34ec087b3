import type { StopReason } from './run.ts';

/** Where the last run of each user stopped; `pausedUntil` is shared (Spotify limits the app). */
export const PAUSE_KEY = 'resolve:paused_until';
export const lastRunKey = (userId: string) => `resolve:last:${userId}`;

export interface LastResolve {
  at: number;
  stoppedBecause: StopReason | null;
  left: { tracks: number; names: number; artists: number };
}
