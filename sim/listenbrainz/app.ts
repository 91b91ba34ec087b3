/**
 * A ListenBrainz API simulator (`/1`): `POST /1/submit-listens`, `GET /1/validate-token` and
 * `GET /1/user/{name}/listens`. As the real server: `Authorization: Token <user token>`,
 * 401 for an unknown token, 400 for a malformed document (listen_type single/import/
 * playing_now, at most 1000 listens, each at most 10 240 bytes of JSON), X-RateLimit-*
 * headers on every answer and 429 when the window is spent. Like ListenBrainz it keeps one
 * listen per (user, listened_at, track) and counts the re-sent ones in `duplicates`, so tests
 * can assert exactly-once delivery; `received` keeps arrival order.
 */
import { type Context, Hono } from 'hono';
import { FaultQueue } from '../concerts/faults.ts';
import type { RequestLogEntry } from '../concerts/server.ts';

export type ListenBrainzFault = 'rate_limit' | 'server_error' | 'unavailable' | 'stall';

export const MAX_LISTENS_PER_REQUEST = 1000;
export const MAX_LISTEN_BYTES = 10_240;

export interface ReceivedListen {
  user: string;
  listenType: string;
  listenedAt: number;
  artist: string;
  track: string;
  release: string | null;
  additionalInfo: Record<string, unknown>;
}

export interface ListenBrainzSimOptions {
  /** token → ListenBrainz user name. */
  tokens?: Record<string, string>;
  /** Requests allowed per window (0 = no limit). */
  rateLimit?: number;
  rateWindowSeconds?: number;
  now?: () => number;
}

export interface ListenBrainzSimState {
  tokens: Map<string, string>;
  received: ReceivedListen[];
  duplicates: number;
  /** Every submit request's listen count, in arrival order. */
  batches: Array<{ user: string; listenType: string; size: number }>;
  requestLog: RequestLogEntry[];
  faults: FaultQueue<ListenBrainzFault>;
  rateLimit: number;
  rateWindowSeconds: number;
  now: () => number;
  /** Requests that stored their listens and now hang (a `stall` fault). */
  stalled: Array<() => void>;
  /** Answers every stalled request. */
  releaseStalled(): void;
  listensOf(user: string): ReceivedListen[];
}

export function createListenBrainzSimState(options: ListenBrainzSimOptions = {}): ListenBrainzSimState {
  const state: ListenBrainzSimState = {
    tokens: new Map(Object.entries(options.tokens ?? { 'sim-lb-token': 'sim-user' })),
    received: [],
    duplicates: 0,
    batches: [],
    requestLog: [],
    faults: new FaultQueue(),
    rateLimit: options.rateLimit ?? 0,
    rateWindowSeconds: options.rateWindowSeconds ?? 10,
    now: options.now ?? Date.now,
    stalled: [],
    releaseStalled: () => state.stalled.splice(0).forEach((release) => release()),
    listensOf: (user) => state.received.filter((l) => l.user === user),
  };
  return state;
}

const fail = (c: Context, code: 400 | 401 | 429 | 500 | 503, error: string) => c.json({ code, error }, code);

function tokenOf(c: Context): string | undefined {
  const header = c.req.header('authorization') ?? '';
  const match = /^Token\s+(\S+)$/i.exec(header.trim());
  return match?.[1] ?? c.req.query('token');
}

type Parsed = { ok: true; listens: Omit<ReceivedListen, 'user'>[] } | { ok: false; error: string };

function parseSubmission(body: unknown): Parsed {
  if (typeof body !== 'object' || body === null)
    return { ok: false, error: 'Invalid JSON document submitted.' };
  const { listen_type: type, payload } = body as { listen_type?: unknown; payload?: unknown };
  if (type !== 'single' && type !== 'import' && type !== 'playing_now')
    return { ok: false, error: 'JSON document must contain a valid listen_type key.' };
  if (!Array.isArray(payload) || payload.length === 0)
    return { ok: false, error: 'JSON document does not contain any listens.' };
  if (payload.length > MAX_LISTENS_PER_REQUEST)
    return {
      ok: false,
      error: `Too many listens. You may not submit more than ${MAX_LISTENS_PER_REQUEST} listens at once.`,
    };
  if (type !== 'import' && payload.length !== 1)
    return { ok: false, error: `JSON document should contain exactly one listen for ${type}.` };
  const listens: Omit<ReceivedListen, 'user'>[] = [];
  for (const raw of payload as Array<Record<string, unknown>>) {
    if (Buffer.byteLength(JSON.stringify(raw), 'utf8') > MAX_LISTEN_BYTES)
      return { ok: false, error: `Listen exceeds the maximum size of ${MAX_LISTEN_BYTES} bytes.` };
    const meta = raw?.track_metadata as Record<string, unknown> | undefined;
    if (!meta || typeof meta.artist_name !== 'string' || !meta.artist_name.trim())
      return { ok: false, error: 'JSON document does not contain required track_metadata.artist_name.' };
    if (typeof meta.track_name !== 'string' || !meta.track_name.trim())
      return { ok: false, error: 'JSON document does not contain required track_metadata.track_name.' };
    const at = raw.listened_at;
    if (type === 'playing_now' ? at !== undefined : !Number.isInteger(at) || (at as number) < 1_033_430_400)
      return { ok: false, error: 'Value for key listened_at is too low or not an integer.' };
    listens.push({
      listenType: type,
      listenedAt: (at as number | undefined) ?? 0,
      artist: meta.artist_name,
      track: meta.track_name,
      release: typeof meta.release_name === 'string' ? meta.release_name : null,
      additionalInfo: (meta.additional_info as Record<string, unknown> | undefined) ?? {},
    });
  }
  return { ok: true, listens };
}

/** `POST /1/submit-listens`: faults first, then the document's checks, then storing once. */
async function submit(c: Context, state: ListenBrainzSimState, seen: Set<string>): Promise<Response> {
  const user = state.tokens.get(tokenOf(c) ?? '');
  if (!user) return fail(c, 401, 'Invalid authorization token.');
  let body: unknown;
  try {
    body = JSON.parse(await c.req.text());
  } catch {
    return fail(c, 400, 'Cannot parse JSON document.');
  }
  const fault = state.faults.take(new URL(c.req.url).searchParams);
  if (fault === 'rate_limit') return fail(c, 429, 'Rate limit exceeded.');
  if (fault === 'server_error') return fail(c, 500, 'An unknown error occured.');
  if (fault === 'unavailable') return fail(c, 503, 'Service temporarily unavailable.');
  const parsed = parseSubmission(body);
  if (!parsed.ok) return fail(c, 400, parsed.error);
  const type = parsed.listens[0]!.listenType;
  state.batches.push({ user, listenType: type, size: parsed.listens.length });
  if (type !== 'playing_now') {
    for (const listen of parsed.listens) {
      const key = `${user}\u0000${listen.listenedAt}\u0000${listen.track.toLowerCase()}`;
      if (seen.has(key)) {
        state.duplicates++;
        continue;
      }
      seen.add(key);
      state.received.push({ user, ...listen });
    }
  }
  // A stall stores the listens and then holds the answer: what a crash after delivery looks like.
  if (fault === 'stall') await new Promise<void>((release) => state.stalled.push(release));
  return c.json({ status: 'ok' });
}

export function createListenBrainzSimApp(state: ListenBrainzSimState): Hono {
  const app = new Hono();
  let windowStart = 0;
  let used = 0;
  const seen = new Set<string>();

  // Every answer carries the window's headers, as ListenBrainz does.
  app.use('/1/*', async (c, next) => {
    const now = state.now();
    const windowMs = state.rateWindowSeconds * 1000;
    if (now - windowStart >= windowMs) {
      windowStart = now;
      used = 0;
    }
    used++;
    const resetIn = Math.max(1, Math.ceil((windowStart + windowMs - now) / 1000));
    const limit = state.rateLimit || 1_000_000;
    if (state.rateLimit > 0 && used > state.rateLimit) c.res = fail(c, 429, 'Rate limit exceeded.');
    else await next();
    const spent = c.res.status === 429;
    c.res.headers.set('X-RateLimit-Limit', String(limit));
    c.res.headers.set('X-RateLimit-Remaining', String(spent ? 0 : Math.max(0, limit - used)));
    c.res.headers.set('X-RateLimit-Reset-In', String(resetIn));
    c.res.headers.set('X-RateLimit-Reset', String(Math.ceil((windowStart + windowMs) / 1000)));
    state.requestLog.push({
      at: now,
      method: c.req.method,
      path: c.req.path,
      query: Object.fromEntries(new URL(c.req.url).searchParams),
      status: c.res.status,
    });
  });

  app.get('/1/validate-token', (c) => {
    const token = tokenOf(c);
    if (!token) return fail(c, 400, 'You need to provide an Authorization token.');
    const user = state.tokens.get(token);
    if (!user) return c.json({ code: 200, message: 'Token invalid.', valid: false });
    return c.json({ code: 200, message: 'Token valid.', valid: true, user_name: user });
  });

  app.post('/1/submit-listens', (c) => submit(c, state, seen));

  app.get('/1/user/:user/listens', (c) => {
    const user = c.req.param('user');
    const min = Number(c.req.query('min_ts') ?? 0);
    const max = Number(c.req.query('max_ts') ?? Number.MAX_SAFE_INTEGER);
    const count = Math.min(1000, Math.max(1, Number(c.req.query('count') ?? 25)));
    const listens = state
      .listensOf(user)
      .filter((l) => l.listenedAt > min && l.listenedAt < max)
      .sort((a, b) => b.listenedAt - a.listenedAt)
      .slice(0, count);
    return c.json({
      payload: {
        count: listens.length,
        user_id: user,
        listens: listens.map((l) => ({
          listened_at: l.listenedAt,
          track_metadata: { artist_name: l.artist, track_name: l.track, release_name: l.release },
        })),
      },
    });
  });
  return app;
}
