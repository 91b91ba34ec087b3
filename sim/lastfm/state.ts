import { randomBytes } from 'node:crypto';
import { FaultQueue } from '../concerts/faults.ts';
import type { RequestLogEntry } from '../concerts/server.ts';

export type LastfmFault = 'rate_limit' | 'unavailable' | 'offline' | 'server_error' | 'stall';

export const MAX_SCROBBLES_PER_BATCH = 50;
/** Last.fm ignores scrobbles whose timestamp is more than 14 days old (ignored code 3). */
export const MAX_SCROBBLE_AGE_MS = 14 * 24 * 3600 * 1000;
/** A request token lives 60 minutes. */
export const TOKEN_TTL_MS = 60 * 60 * 1000;

export interface Scrobble {
  user: string;
  artist: string;
  track: string;
  album: string | null;
  timestamp: number;
  duration: number | null;
}

export interface LastfmSimOptions {
  /** api_key → shared secret. */
  apiKeys?: Record<string, string>;
  /** session key → Last.fm user name (sessions made beforehand). */
  sessions?: Record<string, string>;
  now?: () => number;
}

export interface LastfmSimState {
  apiKeys: Map<string, string>;
  sessions: Map<string, string>;
  /** Request tokens from auth.getToken: who approved them (null = not yet). */
  tokens: Map<string, { createdAt: number; approvedBy: string | null }>;
  scrobbles: Scrobble[];
  /** Scrobbles received again (same user, timestamp, artist and track). */
  duplicates: number;
  /** Each track.scrobble request's batch size, in arrival order. */
  batches: Array<{ user: string; size: number }>;
  requestLog: RequestLogEntry[];
  faults: FaultQueue<LastfmFault>;
  stalled: Array<() => void>;
  now: () => number;
  releaseStalled(): void;
  /** What the user does on the web page: approve a request token for their account. */
  approve(token: string, user: string): boolean;
  scrobblesOf(user: string): Scrobble[];
  newSession(user: string): string;
}

export function createLastfmSimState(options: LastfmSimOptions = {}): LastfmSimState {
  const state: LastfmSimState = {
    apiKeys: new Map(Object.entries(options.apiKeys ?? { 'sim-lastfm-key': 'sim-lastfm-secret' })),
    sessions: new Map(Object.entries(options.sessions ?? {})),
    tokens: new Map(),
    scrobbles: [],
    duplicates: 0,
    batches: [],
    requestLog: [],
    faults: new FaultQueue(),
    stalled: [],
    now: options.now ?? Date.now,
    releaseStalled: () => state.stalled.splice(0).forEach((release) => release()),
    approve(token, user) {
      const entry = state.tokens.get(token);
      if (!entry || state.now() - entry.createdAt > TOKEN_TTL_MS) return false;
      entry.approvedBy = user;
      return true;
    },
    scrobblesOf: (user) => state.scrobbles.filter((s) => s.user === user),
    newSession(user) {
      const key = randomBytes(16).toString('hex');
      state.sessions.set(key, user);
      return key;
    },
  };
  return state;
}
