/**
 * A Last.fm API simulator: `/2.0/` with `method=` (auth.getToken, auth.getSession,
 * track.scrobble, track.updateNowPlaying, user.getRecentTracks) and the web auth page
 * `/api/auth/?api_key=&token=` where the user approves a request token. As the real API:
 * write methods are POSTed form-encoded and signed (`api_sig`, checked here: error 13
 * otherwise), `sk` must be a live session (error 9), at most 50 scrobbles per batch,
 * timestamps more than 14 days old are ignored (code 3), errors are `{error, message}` JSON
 * with `format=json`, and a batch of one scrobble answers an object instead of an array.
 * Faults apply to track.scrobble: 29 (rate limit, HTTP 429), 16/11 (HTTP 503), 500, stall.
 */
import { randomBytes } from 'node:crypto';
import { type Context, Hono } from 'hono';
import { lastfmSignature } from './signing.ts';
import {
  type LastfmSimState,
  MAX_SCROBBLE_AGE_MS,
  MAX_SCROBBLES_PER_BATCH,
  type Scrobble,
  TOKEN_TTL_MS,
} from './state.ts';

const MESSAGES: Record<number, string> = {
  3: 'Invalid Method - No method with that name in this package',
  6: 'Invalid parameters - Your request is missing a required parameter',
  8: 'Operation failed - Most likely the backend service failed. Please try again.',
  9: 'Invalid session key - Please re-authenticate',
  10: 'Invalid API key - You must be granted a valid key by last.fm',
  11: 'Service Offline - This service is temporarily offline. Try again later.',
  13: 'Invalid method signature supplied',
  14: 'Unauthorized Token - This token has not been authorized',
  15: 'This token has expired',
  16: 'There was a temporary error processing your request. Please try again',
  29: 'Rate limit exceeded - Your IP has made too many requests in a short period',
};
const STATUS: Record<number, 400 | 403 | 429 | 500 | 503> = {
  3: 400,
  6: 400,
  8: 500,
  9: 403,
  10: 403,
  11: 503,
  13: 403,
  14: 403,
  15: 403,
  16: 503,
  29: 429,
};

class LastfmError extends Error {
  constructor(
    readonly code: number,
    detail?: string,
  ) {
    super(detail ?? MESSAGES[code] ?? 'Error');
  }
}

type Params = Record<string, string>;

async function paramsOf(c: Context): Promise<Params> {
  const params: Params = Object.fromEntries(new URL(c.req.url).searchParams);
  if (c.req.method === 'POST') {
    const form = new URLSearchParams(await c.req.text());
    for (const [k, v] of form) params[k] = v;
  }
  return params;
}

function checkSigned(state: LastfmSimState, params: Params): void {
  const secret = state.apiKeys.get(params.api_key ?? '');
  if (secret === undefined) throw new LastfmError(10);
  if (params.api_sig !== lastfmSignature(params, secret)) throw new LastfmError(13);
}

function sessionUser(state: LastfmSimState, params: Params): string {
  const user = state.sessions.get(params.sk ?? '');
  if (!user) throw new LastfmError(9);
  return user;
}

function readScrobbles(params: Params, user: string): Scrobble[] {
  const indices = new Set<string>();
  for (const name of Object.keys(params)) {
    const m = /^(?:artist|track|timestamp)(?:\[(\d+)\])?$/.exec(name);
    if (m) indices.add(m[1] ?? '');
  }
  if (indices.size === 0) throw new LastfmError(6);
  if (indices.size > MAX_SCROBBLES_PER_BATCH)
    throw new LastfmError(6, `Invalid parameters - at most ${MAX_SCROBBLES_PER_BATCH} scrobbles per batch`);
  return [...indices]
    .sort((a, b) => Number(a) - Number(b))
    .map((i) => {
      const at = (name: string) => params[i === '' ? name : `${name}[${i}]`];
      const timestamp = Number(at('timestamp'));
      if (!Number.isInteger(timestamp)) throw new LastfmError(6, 'Invalid parameters - timestamp');
      return {
        user,
        artist: at('artist') ?? '',
        track: at('track') ?? '',
        album: at('album') ?? null,
        timestamp,
        duration: at('duration') ? Number(at('duration')) : null,
      };
    });
}

/** Why Last.fm would ignore this scrobble (its ignoredMessage code), or 0. */
function ignoredCode(s: Scrobble, now: number): number {
  if (!s.artist.trim()) return 1;
  if (!s.track.trim()) return 2;
  if (s.timestamp * 1000 < now - MAX_SCROBBLE_AGE_MS) return 3;
  if (s.timestamp * 1000 > now + 5 * 60 * 1000) return 4;
  return 0;
}

function scrobble(state: LastfmSimState, params: Params, seen: Set<string>) {
  const user = sessionUser(state, params);
  const batch = readScrobbles(params, user);
  state.batches.push({ user, size: batch.length });
  let accepted = 0;
  const results = batch.map((s) => {
    const code = ignoredCode(s, state.now());
    if (code === 0) {
      accepted++;
      const key = [user, s.timestamp, s.artist.toLowerCase(), s.track.toLowerCase()].join('\u0000');
      if (seen.has(key)) state.duplicates++;
      else {
        seen.add(key);
        state.scrobbles.push(s);
      }
    }
    return {
      artist: { corrected: '0', '#text': s.artist },
      track: { corrected: '0', '#text': s.track },
      album: { corrected: '0', '#text': s.album ?? '' },
      albumArtist: { corrected: '0', '#text': '' },
      timestamp: String(s.timestamp),
      ignoredMessage: {
        code: String(code),
        '#text': code
          ? ['', 'Artist was ignored', 'Track was ignored', 'Timestamp was too old', 'Timestamp was too new'][
              code
            ]
          : '',
      },
    };
  });
  return {
    scrobbles: {
      // Last.fm's JSON: one scrobble is an object, several an array.
      scrobble: results.length === 1 ? results[0] : results,
      '@attr': { accepted, ignored: batch.length - accepted },
    },
  };
}

function recentTracks(state: LastfmSimState, params: Params) {
  if (!state.apiKeys.has(params.api_key ?? '')) throw new LastfmError(10);
  const user = params.user ?? '';
  const from = Number(params.from ?? 0);
  const to = Number(params.to ?? Number.MAX_SAFE_INTEGER);
  const limit = Math.min(200, Math.max(1, Number(params.limit ?? 50)));
  const tracks = state
    .scrobblesOf(user)
    .filter((s) => s.timestamp >= from && s.timestamp <= to)
    .sort((a, b) => b.timestamp - a.timestamp);
  return {
    recenttracks: {
      track: tracks.slice(0, limit).map((s) => ({
        artist: { '#text': s.artist },
        name: s.track,
        album: { '#text': s.album ?? '' },
        date: { uts: String(s.timestamp) },
      })),
      '@attr': { user, page: '1', perPage: String(limit), total: String(tracks.length), totalPages: '1' },
    },
  };
}

function getSession(state: LastfmSimState, params: Params) {
  checkSigned(state, params);
  const entry = state.tokens.get(params.token ?? '');
  if (!entry) throw new LastfmError(14);
  if (state.now() - entry.createdAt > TOKEN_TTL_MS) throw new LastfmError(15);
  if (!entry.approvedBy) throw new LastfmError(14);
  state.tokens.delete(params.token!); // a token gives one session
  return { session: { name: entry.approvedBy, key: state.newSession(entry.approvedBy), subscriber: 0 } };
}

/** `/2.0/?method=…`: the API methods encore uses, with Last.fm's errors as `{error, message}`. */
async function answerMethod(c: Context, state: LastfmSimState, seen: Set<string>): Promise<Response> {
  const params = await paramsOf(c);
  try {
    switch (params.method) {
      case 'auth.getToken': {
        checkSigned(state, params);
        const token = randomBytes(16).toString('hex');
        state.tokens.set(token, { createdAt: state.now(), approvedBy: null });
        return c.json({ token });
      }
      case 'auth.getSession':
        return c.json(getSession(state, params));
      case 'track.scrobble':
      case 'track.updateNowPlaying': {
        if (c.req.method !== 'POST') throw new LastfmError(3, 'Write methods must be POSTed');
        checkSigned(state, params);
        if (params.method === 'track.updateNowPlaying') {
          sessionUser(state, params);
          return c.json({ nowplaying: { track: { '#text': params.track ?? '' } } });
        }
        const fault = state.faults.take(new URLSearchParams(params));
        if (fault === 'rate_limit') throw new LastfmError(29);
        if (fault === 'unavailable') throw new LastfmError(16);
        if (fault === 'offline') throw new LastfmError(11);
        if (fault === 'server_error') return c.text('Internal Server Error', 500);
        const body = scrobble(state, params, seen);
        if (fault === 'stall') await new Promise<void>((release) => state.stalled.push(release));
        return c.json(body);
      }
      case 'user.getRecentTracks':
        return c.json(recentTracks(state, params));
      default:
        throw new LastfmError(3);
    }
  } catch (error) {
    if (!(error instanceof LastfmError)) throw error;
    return c.json({ error: error.code, message: error.message }, STATUS[error.code] ?? 400);
  }
}

export function createLastfmSimApp(state: LastfmSimState): Hono {
  const app = new Hono();
  const seen = new Set<string>();

  const method = (c: Context) => answerMethod(c, state, seen);

  app.use('*', async (c, next) => {
    await next();
    state.requestLog.push({
      at: state.now(),
      method: c.req.method,
      path: c.req.path,
      query: Object.fromEntries(new URL(c.req.url).searchParams),
      status: c.res.status,
    });
  });
  app.get('/2.0/', method);
  app.post('/2.0/', method);

  // The page the user opens in a browser. Approving here is what "Allow access" does.
  app.get('/api/auth/', (c) => {
    const token = c.req.query('token') ?? '';
    if (!state.apiKeys.has(c.req.query('api_key') ?? '') || !state.tokens.has(token))
      return c.html('<h1>Invalid API key or token</h1>', 400);
    return c.html(
      `<h1>Allow encore to use your Last.fm account?</h1><form method="post" action="/api/auth/"><input type="hidden" name="token" value="${token}"><label>User <input name="user"></label><button>Yes, allow access</button></form>`,
    );
  });
  app.post('/api/auth/', async (c) => {
    const form = new URLSearchParams(await c.req.text());
    const ok = state.approve(form.get('token') ?? '', form.get('user') ?? '');
    return ok ? c.html('<h1>Application authenticated</h1>') : c.html('<h1>Token expired</h1>', 400);
  });
  return app;
}
