/**
 * ListenBrainz: `POST /1/submit-listens` with `Authorization: Token <user token>`, listen_type
 * `import` for batches (`single` for one), at most 1000 listens and 10 240 bytes per listen;
 * `GET /1/validate-token` before a token is stored. 429s are waited out as the X-RateLimit-*
 * headers say; a 401 means the token is gone (the target is disabled). A 400 refuses the whole
 * batch, so the batch is split until the refused listens are alone: those are dead letters.
 */
import { z } from 'zod';
import { type HttpClient, HttpError, parseRetryAfter, type RateLimitPolicy } from '../http/index.ts';
import { encoreVersion } from '../util/version.ts';
import {
  type ForwardClient,
  ForwardAuthError,
  type ForwardPlay,
  type Rejection,
  startSeconds,
} from './types.ts';

export const LB_MAX_LISTENS = 1000;
export const LB_MAX_LISTEN_BYTES = 10_240;

/** ListenBrainz says when its window resets in X-RateLimit-Reset-In (seconds), not Retry-After. */
export const listenBrainzRateLimit: RateLimitPolicy = (response, _body, now) => ({
  reason: 'rate_limited',
  retryAfterMs:
    parseRetryAfter(response.headers.get('retry-after'), now) ??
    parseRetryAfter(response.headers.get('x-ratelimit-reset-in'), now) ??
    1000,
});

const validateSchema = z.object({ valid: z.boolean(), user_name: z.string().optional() });
const listensSchema = z.object({
  payload: z.object({
    listens: z.array(
      z.object({ listened_at: z.number(), track_metadata: z.object({ track_name: z.string() }) }),
    ),
  }),
});

export function listenOf(play: ForwardPlay) {
  const info: Record<string, unknown> = {
    media_player: 'Spotify',
    music_service: 'spotify.com',
    submission_client: 'encore',
    submission_client_version: encoreVersion(),
  };
  if (play.durationMs) info.duration_ms = play.durationMs;
  if (play.trackId) {
    info.spotify_id = `https://open.spotify.com/track/${play.trackId}`;
    info.origin_url = info.spotify_id;
  }
  return {
    listened_at: startSeconds(play),
    track_metadata: {
      artist_name: play.artistName ?? '',
      track_name: play.trackName ?? '',
      ...(play.albumName ? { release_name: play.albumName } : {}),
      additional_info: info,
    },
  };
}

/** Asks ListenBrainz whose token this is; throws ForwardAuthError when it is not valid. */
export async function validateListenBrainzToken(http: HttpClient, token: string): Promise<string> {
  const res = await http.request({
    path: '/1/validate-token',
    headers: { Authorization: `Token ${token}` },
    schema: validateSchema,
    endpoint: 'GET /1/validate-token',
  });
  if (!res.data?.valid || !res.data.user_name)
    throw new ForwardAuthError(
      'listenbrainz',
      'ListenBrainz says this token is not valid (see https://listenbrainz.org/settings/).',
    );
  return res.data.user_name;
}

/** `writer` sends the listens: a client that never re-sends a POST itself (the driver decides). */
export function listenBrainzClient(
  http: HttpClient,
  token: string,
  remoteUser: string,
  writer: HttpClient = http,
): ForwardClient {
  const auth = { Authorization: `Token ${token}` };

  async function post(plays: ForwardPlay[]): Promise<void> {
    try {
      await writer.request({
        method: 'POST',
        path: '/1/submit-listens',
        headers: auth,
        json: { listen_type: plays.length === 1 ? 'single' : 'import', payload: plays.map(listenOf) },
        endpoint: 'POST /1/submit-listens',
      });
    } catch (error) {
      if (error instanceof HttpError && error.status === 401)
        throw new ForwardAuthError(
          'listenbrainz',
          'ListenBrainz refused the token (401): it was reset or revoked.',
        );
      throw error;
    }
  }

  /** A 400 refuses the whole batch: halve it until each refused listen is on its own. */
  async function send(plays: ForwardPlay[], offset = 0): Promise<Rejection[]> {
    try {
      await post(plays);
      return [];
    } catch (error) {
      if (!(error instanceof HttpError && error.status === 400)) throw error;
      if (plays.length === 1)
        return [{ index: offset, reason: `ListenBrainz refused it: ${lbMessage(error)}` }];
      const half = Math.ceil(plays.length / 2);
      return [
        ...(await send(plays.slice(0, half), offset)),
        ...(await send(plays.slice(half), offset + half)),
      ];
    }
  }

  return {
    kind: 'listenbrainz',
    maxBatch: LB_MAX_LISTENS,
    precheck(play) {
      if (!play.artistName?.trim() || !play.trackName?.trim()) return 'no artist or track name to send';
      if (Buffer.byteLength(JSON.stringify(listenOf(play)), 'utf8') > LB_MAX_LISTEN_BYTES)
        return `the listen is larger than ListenBrainz's ${LB_MAX_LISTEN_BYTES} bytes`;
      return null;
    },
    send: (plays) => send(plays),
    delivered: (plays) => listensOnTarget(http, auth, remoteUser, plays),
  };
}

/** Which of these plays the user's ListenBrainz listens already hold (same start and title). */
async function listensOnTarget(
  http: HttpClient,
  auth: Record<string, string>,
  remoteUser: string,
  plays: ForwardPlay[],
): Promise<Set<number>> {
  const stamps = plays.map(startSeconds);
  const res = await http.request({
    path: `/1/user/${encodeURIComponent(remoteUser)}/listens`,
    query: { min_ts: Math.min(...stamps) - 1, max_ts: Math.max(...stamps) + 1, count: 1000 },
    headers: auth,
    schema: listensSchema,
    endpoint: 'GET /1/user/{user}/listens',
  });
  const have = new Set(
    (res.data?.payload.listens ?? []).map(
      (l) => `${l.listened_at}|${l.track_metadata.track_name.toLowerCase()}`,
    ),
  );
  const found = new Set<number>();
  plays.forEach((p, i) => {
    if (have.has(`${startSeconds(p)}|${(p.trackName ?? '').toLowerCase()}`)) found.add(i);
  });
  return found;
}

function lbMessage(error: HttpError): string {
  const json = error.json as { error?: unknown } | undefined;
  return typeof json?.error === 'string' ? json.error : `HTTP ${error.status}`;
}
