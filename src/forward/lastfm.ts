/**
 * Last.fm: every call goes to one endpoint with `method=`; write calls are POSTed form-encoded
 * and signed (api_sig, see lastfmSignature). track.scrobble takes at most 50 scrobbles, each
 * with the time the track *started*; Last.fm ignores scrobbles older than 14 days, so those
 * are dead letters at once instead of doomed requests. Error 9 (invalid session) disables the
 * target; 11/16 (HTTP 503) and 29 (HTTP 429) are retried by the HTTP layer.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { type HttpClient, HttpError } from '../http/index.ts';
import {
  type ForwardClient,
  ForwardAuthError,
  type ForwardPlay,
  type Rejection,
  startSeconds,
} from './types.ts';

export const LASTFM_MAX_BATCH = 50;
export const LASTFM_MAX_AGE_MS = 14 * 24 * 3600 * 1000;
const IGNORED: Record<string, string> = {
  '1': 'Artist was ignored',
  '2': 'Track was ignored',
  '3': 'Timestamp was too old',
  '4': 'Timestamp was too new',
  '5': 'Daily scrobble limit exceeded',
};

export interface LastfmApp {
  apiKey: string;
  apiSecret: string;
}

/** md5 of the parameters (not format/callback) sorted by name in byte order, name+value, then the secret. */
export function lastfmApiSig(params: Record<string, string>, secret: string): string {
  const text = Object.keys(params)
    .filter((k) => k !== 'format' && k !== 'callback' && k !== 'api_sig')
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((k) => `${k}${params[k]}`)
    .join('');
  return createHash('md5')
    .update(text + secret, 'utf8')
    .digest('hex');
}

function signed(app: LastfmApp, params: Record<string, string>): Record<string, string> {
  const all = { ...params, api_key: app.apiKey };
  return { ...all, api_sig: lastfmApiSig(all, app.apiSecret), format: 'json' };
}

/** The Last.fm error code of a failed call, if it carried one. */
export function lastfmErrorCode(error: unknown): number | undefined {
  if (!(error instanceof HttpError)) return undefined;
  const code = (error.json as { error?: unknown } | undefined)?.error;
  return typeof code === 'number' ? code : undefined;
}

const tokenSchema = z.object({ token: z.string() });
const sessionSchema = z.object({ session: z.object({ name: z.string(), key: z.string() }) });
const ignoredSchema = z.object({ ignoredMessage: z.object({ code: z.coerce.string() }).optional() });
const scrobbleSchema = z.object({
  scrobbles: z.object({ scrobble: z.union([ignoredSchema, z.array(ignoredSchema)]) }),
});
const recentSchema = z.object({
  recenttracks: z.object({
    track: z.union([z.array(z.unknown()), z.unknown()]).optional(),
  }),
});

/** Step 1 of web auth: a request token, and the page where the user allows encore. */
export async function startLastfmAuth(
  http: HttpClient,
  app: LastfmApp,
  authUrl: string,
): Promise<{ token: string; url: string }> {
  const res = await http.request({
    path: '',
    query: signed(app, { method: 'auth.getToken' }),
    schema: tokenSchema,
    endpoint: 'auth.getToken',
  });
  const token = res.data!.token;
  const url = new URL(authUrl);
  url.searchParams.set('api_key', app.apiKey);
  url.searchParams.set('token', token);
  return { token, url: url.toString() };
}

/** Step 2: the session once the user allowed it; null while the token is not authorized yet (14). */
export async function fetchLastfmSession(
  http: HttpClient,
  app: LastfmApp,
  token: string,
): Promise<{ name: string; key: string } | null> {
  try {
    const res = await http.request({
      path: '',
      query: signed(app, { method: 'auth.getSession', token }),
      schema: sessionSchema,
      endpoint: 'auth.getSession',
    });
    return res.data!.session;
  } catch (error) {
    const code = lastfmErrorCode(error);
    if (code === 14) return null;
    if (code === 15)
      throw new ForwardAuthError(
        'lastfm',
        'The Last.fm request token expired (60 minutes): run the command again.',
      );
    throw error;
  }
}

function scrobbleParams(plays: ForwardPlay[]): Record<string, string> {
  const params: Record<string, string> = { method: 'track.scrobble' };
  plays.forEach((p, i) => {
    params[`artist[${i}]`] = p.artistName ?? '';
    params[`track[${i}]`] = p.trackName ?? '';
    params[`timestamp[${i}]`] = String(startSeconds(p));
    if (p.albumName) params[`album[${i}]`] = p.albumName;
    if (p.durationMs) params[`duration[${i}]`] = String(Math.round(p.durationMs / 1000));
    params[`chosenByUser[${i}]`] = '1';
  });
  return params;
}

/** One signed track.scrobble; the plays Last.fm ignored come back as rejections. */
async function scrobbleBatch(
  writer: HttpClient,
  app: LastfmApp,
  sessionKey: string,
  plays: ForwardPlay[],
): Promise<Rejection[]> {
  let res;
  try {
    res = await writer.request({
      method: 'POST',
      path: '',
      form: signed(app, { ...scrobbleParams(plays), sk: sessionKey }),
      schema: scrobbleSchema,
      endpoint: 'track.scrobble',
    });
  } catch (error) {
    const code = lastfmErrorCode(error);
    if (code === 9 || code === 4)
      throw new ForwardAuthError(
        'lastfm',
        `Last.fm refused the session key (error ${code}): allow encore again with \`encore forward add lastfm\`.`,
      );
    throw error;
  }
  const raw = res.data!.scrobbles.scrobble;
  const results = Array.isArray(raw) ? raw : [raw];
  const rejected: Rejection[] = [];
  results.forEach((r, index) => {
    const code = r.ignoredMessage?.code ?? '0';
    if (code === '5') throw new DailyLimitError();
    if (code !== '0')
      rejected.push({ index, reason: `Last.fm ignored it: ${IGNORED[code] ?? `code ${code}`}` });
  });
  return rejected;
}

/** Which of these plays the user's Last.fm profile already has (same start and title). */
async function alreadyScrobbled(
  http: HttpClient,
  app: LastfmApp,
  remoteUser: string,
  plays: ForwardPlay[],
): Promise<Set<number>> {
  const stamps = plays.map(startSeconds);
  const res = await http.request({
    path: '',
    query: {
      method: 'user.getRecentTracks',
      user: remoteUser,
      from: Math.min(...stamps),
      to: Math.max(...stamps),
      limit: 200,
      api_key: app.apiKey,
      format: 'json',
    },
    schema: recentSchema,
    endpoint: 'user.getRecentTracks',
  });
  const raw = res.data?.recenttracks.track;
  const tracks = (Array.isArray(raw) ? raw : raw ? [raw] : []) as Array<{
    name?: string;
    date?: { uts?: string };
  }>;
  const have = new Set(tracks.map((t) => `${t.date?.uts}|${(t.name ?? '').toLowerCase()}`));
  const found = new Set<number>();
  plays.forEach((p, i) => {
    if (have.has(`${startSeconds(p)}|${(p.trackName ?? '').toLowerCase()}`)) found.add(i);
  });
  return found;
}

/** `writer` sends the scrobbles: a client that never re-sends a POST itself (the driver decides). */
export function lastfmClient(
  http: HttpClient,
  app: LastfmApp,
  sessionKey: string,
  remoteUser: string,
  writer: HttpClient = http,
): ForwardClient {
  return {
    kind: 'lastfm',
    maxBatch: LASTFM_MAX_BATCH,
    precheck(play, nowMs) {
      if (!play.artistName?.trim() || !play.trackName?.trim()) return 'no artist or track name to send';
      if (startSeconds(play) * 1000 < nowMs - LASTFM_MAX_AGE_MS)
        return 'Last.fm accepts only scrobbles from the last 14 days';
      return null;
    },
    send: (plays) => scrobbleBatch(writer, app, sessionKey, plays),
    delivered: (plays) => alreadyScrobbled(http, app, remoteUser, plays),
  };
}

/** Last.fm's daily scrobble limit: nothing more today; the plays stay due. */
export class DailyLimitError extends Error {
  constructor() {
    super('Last.fm daily scrobble limit reached; the rest goes on a later run');
    this.name = 'DailyLimitError';
  }
}
