/**
 * `/v1/playlists/{id}/items`: read (owners and collaborators), append (POST, optional
 * position), replace or reorder (PUT), remove by uri (DELETE). At most 100 per call.
 */
import { Hono } from 'hono';
import {
  apiError,
  currentUser,
  forbidden,
  intParam,
  jsonBody,
  notFound,
  renderContext,
  type SimContext,
  type SimEnv,
} from '../http.ts';
import { playlistItem } from '../objects.ts';
import type { SpotifySimState } from '../state.ts';
import { canReadItems, ownedPlaylist } from './playlist-access.ts';

const MAX_PER_CALL = 100;
const TRACK_URI = /^spotify:track:[0-9A-Za-z]{22}$/;

export function itemsRoutes(state: SpotifySimState): Hono<SimEnv> {
  const app = new Hono<SimEnv>();
  app.get('/playlists/:id/items', (c) => readItems(c, state));
  app.post('/playlists/:id/items', (c) => addItems(c, state));
  app.put('/playlists/:id/items', (c) => replaceItems(c, state));
  app.delete('/playlists/:id/items', (c) => removeItems(c, state));
  return app;
}

function readItems(c: SimContext, state: SpotifySimState): Response {
  const playlist = state.playlistStore.get(c.req.param('id') ?? '');
  if (!playlist) return notFound(c);
  if (!canReadItems(c, playlist)) return forbidden(c);
  const limit = intParam(c, 'limit', 20, 1, 50);
  if (!limit.ok) return apiError(c, 400, limit.message);
  const offset = intParam(c, 'offset', 0, 0, 100_000);
  if (!offset.ok) return apiError(c, 400, offset.message);
  const ctx = renderContext(c, state);
  const end = offset.value + limit.value;
  const link = (o: number) =>
    `${ctx.baseUrl}/v1/playlists/${playlist.id}/items?offset=${o}&limit=${limit.value}`;
  return c.json({
    href: c.req.url,
    items: playlist.entries.slice(offset.value, end).map((e) => playlistItem(ctx, e, state.user(e.addedBy))),
    limit: limit.value,
    next: end < playlist.entries.length ? link(end) : null,
    offset: offset.value,
    previous: offset.value > 0 ? link(Math.max(0, offset.value - limit.value)) : null,
    total: playlist.entries.length,
  });
}

/** Checks a list of uris: a message when it is not acceptable. */
function checkUris(state: SpotifySimState, uris: unknown, verb: 'add' | 'remove'): string | undefined {
  if (!Array.isArray(uris) || uris.some((u) => typeof u !== 'string'))
    return 'Invalid request: uris must be a list';
  if (uris.length > MAX_PER_CALL) return `You can ${verb} a maximum of ${MAX_PER_CALL} tracks per request.`;
  const bad = uris.find((u: string) => !TRACK_URI.test(u));
  if (bad !== undefined) return `Invalid track uri: ${bad}`;
  if (uris.some((u: string) => !state.catalog.track(u.slice('spotify:track:'.length)))) {
    return 'Payload contains a non-existing ID';
  }
  return undefined;
}

async function addItems(c: SimContext, state: SpotifySimState): Promise<Response> {
  const playlist = ownedPlaylist(c, state);
  if (playlist instanceof Response) return playlist;
  const body = (await jsonBody(c)) ?? {};
  // uris may also come as a comma-separated query parameter.
  const uris = body.uris ?? c.req.query('uris')?.split(',');
  const problem = checkUris(state, uris, 'add');
  if (problem) return apiError(c, 400, problem);
  const rawPosition = body.position ?? c.req.query('position');
  const position = rawPosition === undefined ? undefined : Number(rawPosition);
  if (position !== undefined && (!Number.isInteger(position) || position < 0))
    return apiError(c, 400, 'Invalid position');
  state.playlistStore.add(playlist, uris as string[], currentUser(c).spec.id, position);
  return c.json({ snapshot_id: playlist.snapshotId }, 201);
}

async function replaceItems(c: SimContext, state: SpotifySimState): Promise<Response> {
  const playlist = ownedPlaylist(c, state);
  if (playlist instanceof Response) return playlist;
  const body = (await jsonBody(c)) ?? {};
  if (body.range_start !== undefined || body.insert_before !== undefined) {
    const { range_start: start, insert_before: before, range_length: length = 1 } = body;
    const size = playlist.entries.length;
    const valid = [start, before, length].every((n) => Number.isInteger(n) && (n as number) >= 0);
    if (!valid || (start as number) >= size || (before as number) > size)
      return apiError(c, 400, 'Invalid range');
    state.playlistStore.reorder(playlist, start as number, before as number, length as number);
    return c.json({ snapshot_id: playlist.snapshotId });
  }
  const uris = body.uris ?? c.req.query('uris')?.split(',') ?? [];
  const problem = checkUris(state, uris, 'add');
  if (problem) return apiError(c, 400, problem);
  state.playlistStore.replace(playlist, uris as string[], currentUser(c).spec.id);
  return c.json({ snapshot_id: playlist.snapshotId });
}

async function removeItems(c: SimContext, state: SpotifySimState): Promise<Response> {
  const playlist = ownedPlaylist(c, state);
  if (playlist instanceof Response) return playlist;
  const body = await jsonBody(c);
  if (!body) return apiError(c, 400, 'Error parsing JSON.');
  const items = body.items;
  if (!Array.isArray(items)) return apiError(c, 400, 'Missing required field: items');
  const uris = items.map((i: unknown) =>
    i && typeof i === 'object' ? (i as { uri?: unknown }).uri : undefined,
  );
  const problem = checkUris(state, uris, 'remove');
  if (problem) return apiError(c, 400, problem);
  state.playlistStore.remove(playlist, uris as string[]);
  return c.json({ snapshot_id: playlist.snapshotId });
}
