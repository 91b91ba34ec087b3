/** Shared shapes of the forwarder (src/forward/). */
import { AuthError } from '../util/errors.ts';

export const FORWARD_KINDS = ['listenbrainz', 'lastfm'] as const;
export type ForwardKind = (typeof FORWARD_KINDS)[number];

/** A play as it is sent: its key in `plays`, and what the target needs to know about it. */
export interface ForwardPlay {
  userId: string;
  trackKey: string;
  playedAtMs: number;
  trackId: string | null;
  trackName: string | null;
  artistName: string | null;
  albumName: string | null;
  msPlayed: number | null;
  durationMs: number | null;
}

/** The play reference the ledger and the dead-letter list key on. */
export interface PlayRef {
  userId: string;
  trackKey: string;
  playedAtMs: number;
}

export function refOf(play: PlayRef): PlayRef {
  return { userId: play.userId, trackKey: play.trackKey, playedAtMs: play.playedAtMs };
}

/**
 * When the play started, in Unix seconds. encore keeps the end of a play; both APIs want the
 * start (Last.fm documents "the time the track started playing"; ListenBrainz scrobblers send
 * the same). A play with an unknown length is sent at its end.
 */
export function startSeconds(play: ForwardPlay): number {
  return Math.floor((play.playedAtMs - Math.max(0, play.msPlayed ?? 0)) / 1000);
}

/** The target said no to this play and will say no again (a dead letter). */
export interface Rejection {
  index: number;
  reason: string;
}

/**
 * One forwarding API. `send` delivers a batch (at most `maxBatch` plays) and returns the plays it
 * refused for good; it throws ForwardAuthError when the token/session is invalid, and lets the
 * HTTP layer's errors through for everything transient. `delivered` asks the target which of
 * these plays it already has (used after a crash mid-batch, before anything is re-sent).
 */
export interface ForwardClient {
  readonly kind: ForwardKind;
  readonly maxBatch: number;
  /** Plays refused without a request (e.g. missing names, too old for Last.fm). */
  precheck(play: ForwardPlay, nowMs: number): string | null;
  send(plays: ForwardPlay[]): Promise<Rejection[]>;
  delivered(plays: ForwardPlay[]): Promise<Set<number>>;
}

/** The token or session key is not (or no longer) valid: the target is disabled, never retried. */
export class ForwardAuthError extends AuthError {
  readonly code = 'forward_auth';

  constructor(
    readonly kind: ForwardKind,
    message: string,
  ) {
    super(message);
    this.name = 'ForwardAuthError';
  }
}
