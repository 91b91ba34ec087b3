/**
 * The current user's listening: `/me`, recently-played (the last 50 synced plays,
 * cursor-paged), currently-playing (204 when idle), and `/me/top/*`.
 */
import { Hono } from 'hono';
import {
  apiError,
  currentUser,
  intParam,
  renderContext,
  requireScope,
  requireUserToken,
  type SimContext,
  type SimEnv,
} from '../http.ts';
import { contextObject, fullTrack, isoMillis, meObject } from '../objects.ts';
import type { SpotifySimState } from '../state.ts';
import type { Play } from '../timeline.ts';
import { topItemsRoute } from './top.ts';

export function playerRoutes(state: SpotifySimState): Hono<SimEnv> {
  const app = new Hono<SimEnv>();
  app.use('/me', requireUserToken);
  app.use('/me/*', requireUserToken);
  app.get('/me', (c) => c.json(meObject(renderContext(c, state), currentUser(c))));
  app.get('/me/player/recently-played', requireScope('user-read-recently-played'), (c) =>
    recentlyPlayed(c, state),
  );
  app.get(
    '/me/player/currently-playing',
    requireScope('user-read-currently-playing', 'user-read-playback-state'),
    (c) => currentlyPlaying(c, state),
  );
  app.get('/me/top/:type', requireScope('user-top-read'), (c) => topItemsRoute(c, state));
  return app;
}

type Cursor = { after?: number; before?: number };

function parseCursor(c: SimContext): Cursor | string {
  const after = c.req.query('after');
  const before = c.req.query('before');
  if (after !== undefined && before !== undefined) return 'Only one of after or before may be given';
  const cursor: Cursor = {};
  for (const [name, raw] of [
    ['after', after],
    ['before', before],
  ] as const) {
    if (raw === undefined) continue;
    if (!/^\d+$/.test(raw)) return `Invalid ${name}`;
    cursor[name] = Number(raw);
  }
  return cursor;
}

/**
 * Only the newest 50 visible plays exist; cursors are exclusive `played_at` (= end of
 * play) in ms. With `after`, the newest `limit` plays after it are returned.
 */
function recentlyPlayed(c: SimContext, state: SpotifySimState): Response {
  const limit = intParam(c, 'limit', 20, 1, 50);
  if (!limit.ok) return apiError(c, 400, limit.message);
  const cursor = parseCursor(c);
  if (typeof cursor === 'string') return apiError(c, 400, cursor);
  const window = state.visiblePlaysOf(currentUser(c).spec.id);
  const matching = window.filter(
    (p) =>
      (cursor.after === undefined || p.endedAt > cursor.after) &&
      (cursor.before === undefined || p.endedAt < cursor.before),
  );
  const page = matching.slice(0, limit.value);
  const newest = page[0];
  const oldest = page.at(-1);
  const ctx = renderContext(c, state);
  const hasOlder = oldest !== undefined && window.some((p) => p.endedAt < oldest.endedAt);
  return c.json({
    items: page.map((play) => historyItem(state, ctx, play)),
    next: hasOlder
      ? `${ctx.baseUrl}/v1/me/player/recently-played?before=${oldest.endedAt}&limit=${limit.value}`
      : null,
    cursors: newest && oldest ? { after: String(newest.endedAt), before: String(oldest.endedAt) } : null,
    limit: limit.value,
    href: c.req.url,
  });
}

function historyItem(state: SpotifySimState, ctx: ReturnType<typeof renderContext>, play: Play) {
  const track = state.catalog.track(play.trackId);
  return {
    track: track ? fullTrack(ctx, track) : null,
    played_at: isoMillis(play.endedAt),
    context: contextObject(ctx, play.contextUri),
  };
}

function currentlyPlaying(c: SimContext, state: SpotifySimState): Response {
  const now = state.nowPlaying(currentUser(c).spec.id);
  // Nothing playing (or an offline device): 204 with an empty body.
  if (!now) return c.body(null, 204);
  const ctx = renderContext(c, state);
  return c.json({
    timestamp: state.clock.now(),
    context: contextObject(ctx, now.play.contextUri),
    progress_ms: now.progressMs,
    is_playing: now.isPlaying,
    item: fullTrack(ctx, now.track),
    currently_playing_type: 'track',
    actions: { disallows: now.isPlaying ? { resuming: true } : { pausing: true } },
  });
}
