/**
 * `GET /v1/search`. Development Mode caps `limit` at 10 (default 5); extended at 50
 * (default 20). `offset` max 1000. Paging links use `query=`, as the real ones do.
 */
import { Hono } from 'hono';
import { apiError, intParam, renderContext, type SimContext, type SimEnv } from '../http.ts';
import { fullArtist, fullTrack, type RenderContext, simplifiedAlbum } from '../objects.ts';
import {
  parseSearchQuery,
  type SearchQuery,
  searchAlbums,
  searchArtists,
  searchTracks,
} from '../search-match.ts';
import type { SpotifySimState } from '../state.ts';

const SIMULATED = ['artist', 'track', 'album'] as const;
const KNOWN_TYPES = new Set<string>([...SIMULATED, 'playlist', 'show', 'episode', 'audiobook']);

export function searchRoutes(state: SpotifySimState): Hono<SimEnv> {
  const app = new Hono<SimEnv>();
  app.get('/search', (c) => search(c, state));
  return app;
}

function search(c: SimContext, state: SpotifySimState): Response {
  const q = c.req.query('q') ?? c.req.query('query');
  if (!q) return apiError(c, 400, 'No search query');
  const typeParam = c.req.query('type');
  if (!typeParam) return apiError(c, 400, 'Missing parameter type');
  const types = typeParam.split(',');
  if (types.some((t) => !KNOWN_TYPES.has(t))) return apiError(c, 400, 'Bad search type field');
  const dev = state.tier === 'development';
  const limit = intParam(c, 'limit', dev ? 5 : 20, dev ? 0 : 1, dev ? 10 : 50);
  if (!limit.ok || limit.value === 0) return apiError(c, 400, 'Invalid limit');
  const offset = intParam(c, 'offset', 0, 0, 1000);
  if (!offset.ok) return apiError(c, 400, 'Invalid offset');
  const ctx = renderContext(c, state);
  const query = parseSearchQuery(q);
  const page = { q, typeParam, limit: limit.value, offset: offset.value };
  const body: Record<string, unknown> = {};
  for (const type of types) body[`${type}s`] = pageFor(state, ctx, query, type, page);
  return c.json(body);
}

interface PageRequest {
  q: string;
  typeParam: string;
  limit: number;
  offset: number;
}

function pageFor(
  state: SpotifySimState,
  ctx: RenderContext,
  query: SearchQuery,
  type: string,
  page: PageRequest,
) {
  const all = results(state, query, type);
  const link = (offset: number) =>
    `${ctx.baseUrl}/v1/search?offset=${offset}&limit=${page.limit}&query=${encodeURIComponent(page.q)}&type=${page.typeParam}`;
  const end = page.offset + page.limit;
  return {
    href: link(page.offset),
    // Render only the page: broad queries match thousands of tracks.
    items: all.slice(page.offset, end).map((render) => render(ctx)),
    limit: page.limit,
    next: end < all.length && end <= 1000 ? link(end) : null,
    offset: page.offset,
    previous: page.offset > 0 ? link(Math.max(0, page.offset - page.limit)) : null,
    total: all.length,
  };
}

type Render = (ctx: RenderContext) => unknown;

function results(state: SpotifySimState, query: SearchQuery, type: string): Render[] {
  if (type === 'artist') return searchArtists(state.catalog, query).map((a) => (ctx) => fullArtist(ctx, a));
  if (type === 'track') return searchTracks(state.catalog, query).map((t) => (ctx) => fullTrack(ctx, t));
  if (type === 'album')
    return searchAlbums(state.catalog, query).map((a) => (ctx) => simplifiedAlbum(ctx, a));
  return [];
}
