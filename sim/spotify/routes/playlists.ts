/**
 * Playlists as of 2026: create under `/me/playlists`, items under `/playlists/{id}/items`
 * (the old `/tracks` path is 403), ≤100 uris per call, a new snapshot id per change,
 * only the owner may change a playlist, and only owners/collaborators may read items.
 */
import { Hono } from 'hono';
import {
  apiError,
  currentUser,
  extendedOnly,
  forbidden,
  hasScope,
  intParam,
  jsonBody,
  notFound,
  renderContext,
  requireUserToken,
  type SimContext,
  type SimEnv,
} from '../http.ts';
import { playlistItem, publicUser, simplifiedPlaylist } from '../objects.ts';
import type { SimPlaylist } from '../playlists.ts';
import type { SpotifySimState } from '../state.ts';
import { canModify, canReadItems, ownedPlaylist } from './playlist-access.ts';
import { itemsRoutes } from './playlist-items.ts';

export function playlistRoutes(state: SpotifySimState): Hono<SimEnv> {
  const app = new Hono<SimEnv>();
  const ext = extendedOnly(state);
  app.use('/playlists/*', requireUserToken);
  app.get('/me/playlists', requireUserToken, (c) => listMine(c, state));
  app.post('/me/playlists', requireUserToken, (c) => createPlaylist(c, state));
  app.get('/users/:userId', ext, (c) => {
    const user = state.user(c.req.param('userId'));
    return user ? c.json(publicUser(renderContext(c, state), user)) : notFound(c);
  });
  app.get('/users/:userId/playlists', ext, (c) => listPublic(c, state));
  app.post('/users/:userId/playlists', ext, requireUserToken, (c) =>
    c.req.param('userId') === currentUser(c).spec.id ? createPlaylist(c, state) : forbidden(c),
  );
  // The pre-2026 items path: refused outright.
  app.all('/playlists/:id/tracks', (c) => forbidden(c));
  app.get('/playlists/:id', (c) => getPlaylist(c, state));
  app.put('/playlists/:id', (c) => changeDetails(c, state));
  app.delete('/playlists/:id/followers', (c) => unfollow(c, state));
  app.route('/', itemsRoutes(state));
  return app;
}

async function createPlaylist(c: SimContext, state: SpotifySimState): Promise<Response> {
  const body = await jsonBody(c);
  if (!body) return apiError(c, 400, 'Error parsing JSON.');
  if (typeof body.name !== 'string' || body.name.trim() === '')
    return apiError(c, 400, 'Missing required field: name');
  const isPublic = body.public === undefined ? true : body.public === true;
  if (!canModify(c, { public: isPublic })) return apiError(c, 403, 'Insufficient client scope');
  const owner = currentUser(c);
  const playlist = state.playlistStore.create(owner.spec.id, {
    name: body.name,
    public: isPublic,
    collaborative: body.collaborative === true,
    description: typeof body.description === 'string' ? body.description : null,
  });
  return c.json(fullPlaylist(c, state, playlist), 201);
}

function fullPlaylist(c: SimContext, state: SpotifySimState, playlist: SimPlaylist) {
  const ctx = renderContext(c, state);
  const owner = state.user(playlist.ownerId);
  const base = { ...simplifiedPlaylist(ctx, playlist, owner), followers: { href: null, total: 0 } };
  // Item contents only for playlists the user owns or collaborates on (2026 rule).
  if (!canReadItems(c, playlist)) return base;
  const first = playlist.entries.slice(0, 100);
  return {
    ...base,
    items: {
      href: `${ctx.baseUrl}/v1/playlists/${playlist.id}/items?offset=0&limit=100`,
      items: first.map((e) => playlistItem(ctx, e, state.user(e.addedBy))),
      limit: 100,
      next:
        playlist.entries.length > 100
          ? `${ctx.baseUrl}/v1/playlists/${playlist.id}/items?offset=100&limit=100`
          : null,
      offset: 0,
      previous: null,
      total: playlist.entries.length,
    },
  };
}

function getPlaylist(c: SimContext, state: SpotifySimState): Response {
  const playlist = state.playlistStore.get(c.req.param('id') ?? '');
  if (!playlist) return notFound(c);
  if (!playlist.public && playlist.ownerId !== currentUser(c).spec.id && !playlist.collaborative)
    return notFound(c);
  return c.json(fullPlaylist(c, state, playlist));
}

async function changeDetails(c: SimContext, state: SpotifySimState): Promise<Response> {
  const playlist = ownedPlaylist(c, state);
  if (playlist instanceof Response) return playlist;
  const body = await jsonBody(c);
  if (!body) return apiError(c, 400, 'Error parsing JSON.');
  if (body.name !== undefined && (typeof body.name !== 'string' || body.name.trim() === '')) {
    return apiError(c, 400, 'Invalid name');
  }
  state.playlistStore.updateDetails(playlist, {
    name: body.name as string | undefined,
    description: typeof body.description === 'string' ? body.description : undefined,
    public: typeof body.public === 'boolean' ? body.public : undefined,
    collaborative: typeof body.collaborative === 'boolean' ? body.collaborative : undefined,
  });
  return c.body(null, 200);
}

function unfollow(c: SimContext, state: SpotifySimState): Response {
  const playlist = state.playlistStore.get(c.req.param('id') ?? '');
  if (!playlist) return notFound(c);
  if (playlist.ownerId === currentUser(c).spec.id) state.playlistStore.delete(playlist.id);
  return c.body(null, 200);
}

function listMine(c: SimContext, state: SpotifySimState): Response {
  const mine = state.playlistsOf(currentUser(c).spec.id);
  const readable = mine.filter((p) => p.public || hasScope(c, 'playlist-read-private'));
  return listPage(c, state, readable, '/v1/me/playlists');
}

function listPublic(c: SimContext, state: SpotifySimState): Response {
  const userId = c.req.param('userId') ?? '';
  if (!state.user(userId)) return notFound(c);
  return listPage(
    c,
    state,
    state.playlistsOf(userId).filter((p) => p.public),
    `/v1/users/${userId}/playlists`,
  );
}

function listPage(c: SimContext, state: SpotifySimState, playlists: SimPlaylist[], path: string): Response {
  const limit = intParam(c, 'limit', 20, 1, 50);
  if (!limit.ok) return apiError(c, 400, limit.message);
  const offset = intParam(c, 'offset', 0, 0, 100_000);
  if (!offset.ok) return apiError(c, 400, offset.message);
  const ctx = renderContext(c, state);
  const end = offset.value + limit.value;
  const link = (o: number) => `${ctx.baseUrl}${path}?offset=${o}&limit=${limit.value}`;
  return c.json({
    href: c.req.url,
    items: playlists.slice(offset.value, end).map((p) => simplifiedPlaylist(ctx, p, state.user(p.ownerId))),
    limit: limit.value,
    next: end < playlists.length ? link(end) : null,
    offset: offset.value,
    previous: offset.value > 0 ? link(Math.max(0, offset.value - limit.value)) : null,
    total: playlists.length,
  });
}
