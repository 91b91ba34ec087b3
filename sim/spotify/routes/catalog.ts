/**
 * Catalog lookups. Single-item lookups work in both tiers; batch lookups, top tracks
 * and audio features are Extended-tier only (403 in Development Mode, as since 2026).
 */
import { Hono } from 'hono';
import type { CatalogAlbum, CatalogArtist, CatalogTrack } from '../catalog.ts';
import { audioFeatures } from '../features.ts';
import {
  apiError,
  extendedOnly,
  forbidden,
  intParam,
  renderContext,
  type SimContext,
  type SimEnv,
} from '../http.ts';
import { fullAlbum, fullArtist, fullTrack, simplifiedAlbum } from '../objects.ts';
import { SPOTIFY_ID_PATTERN } from '../rng.ts';
import type { SpotifySimState } from '../state.ts';

export function catalogRoutes(state: SpotifySimState): Hono<SimEnv> {
  const app = new Hono<SimEnv>();
  const ext = extendedOnly(state);
  const lookup = <T>(c: SimContext, find: (id: string) => T | undefined, render: (item: T) => unknown) => {
    const id = c.req.param('id') ?? '';
    if (!SPOTIFY_ID_PATTERN.test(id)) return apiError(c, 400, 'Invalid base62 id');
    const item = find(id);
    return item === undefined ? apiError(c, 404, 'Resource not found') : c.json(render(item) as object);
  };
  const ctx = (c: SimContext) => renderContext(c, state);

  app.get('/tracks/:id', (c) => lookup(c, state.catalog.track, (t: CatalogTrack) => fullTrack(ctx(c), t)));
  app.get('/artists/:id', (c) =>
    lookup(c, state.catalog.artist, (a: CatalogArtist) => fullArtist(ctx(c), a)),
  );
  app.get('/albums/:id', (c) => lookup(c, state.catalog.album, (a: CatalogAlbum) => fullAlbum(ctx(c), a)));
  app.get('/artists/:id/albums', (c) => artistAlbums(c, state));
  app.get('/artists/:id/top-tracks', ext, (c) =>
    lookup(c, state.catalog.artist, (a: CatalogArtist) => ({
      tracks: state.catalog
        .tracksByArtist(a.id)
        .slice(0, 10)
        .map((t) => fullTrack(ctx(c), t)),
    })),
  );
  app.get('/tracks', ext, (c) =>
    batch(
      c,
      50,
      'tracks',
      (id) => state.catalog.track(id),
      (t) => fullTrack(ctx(c), t),
    ),
  );
  app.get('/artists', ext, (c) =>
    batch(
      c,
      50,
      'artists',
      (id) => state.catalog.artist(id),
      (a) => fullArtist(ctx(c), a),
    ),
  );
  app.get('/albums', ext, (c) =>
    batch(
      c,
      20,
      'albums',
      (id) => state.catalog.album(id),
      (a) => fullAlbum(ctx(c), a),
    ),
  );
  app.get('/audio-features', ext, (c) =>
    batch(
      c,
      100,
      'audio_features',
      (id) => state.catalog.track(id),
      (t) => audioFeatures(ctx(c).baseUrl, t),
    ),
  );
  app.get('/audio-features/:id', ext, (c) =>
    lookup(c, state.catalog.track, (t: CatalogTrack) => audioFeatures(ctx(c).baseUrl, t)),
  );
  // Cut for Development Mode apps; not simulated in the extended tier either.
  app.get('/audio-analysis/:id', (c) =>
    state.tier === 'development' ? forbidden(c) : apiError(c, 501, 'Not simulated'),
  );
  app.get('/recommendations', (c) => apiError(c, 404, 'Service not found'));
  app.get('/markets', ext, (c) => c.json({ markets: ['DE', 'GB', 'JP', 'SG', 'US'] }));
  app.get('/browse/*', (c) =>
    state.tier === 'development' ? forbidden(c) : apiError(c, 501, 'Not simulated'),
  );
  return app;
}

/** `?ids=a,b,c`: unknown ids become `null` entries, in request order. */
function batch<T>(
  c: SimContext,
  max: number,
  key: string,
  find: (id: string) => T | undefined,
  render: (item: T) => unknown,
): Response {
  const ids = (c.req.query('ids') ?? '').split(',').filter(Boolean);
  if (ids.length === 0) return apiError(c, 400, 'invalid request');
  if (ids.length > max) return apiError(c, 400, 'Too many ids requested');
  if (ids.some((id) => !SPOTIFY_ID_PATTERN.test(id))) return apiError(c, 400, 'Invalid base62 id');
  return c.json({
    [key]: ids.map((id) => {
      const item = find(id);
      return item === undefined ? null : render(item);
    }),
  });
}

/** `limit` max 10 since the 2026 changes. */
function artistAlbums(c: SimContext, state: SpotifySimState): Response {
  const id = c.req.param('id') ?? '';
  const artist = state.catalog.artist(id);
  if (!artist)
    return apiError(
      c,
      SPOTIFY_ID_PATTERN.test(id) ? 404 : 400,
      SPOTIFY_ID_PATTERN.test(id) ? 'Resource not found' : 'Invalid base62 id',
    );
  const limit = intParam(c, 'limit', 5, 1, 10);
  if (!limit.ok) return apiError(c, 400, limit.message);
  const offset = intParam(c, 'offset', 0, 0, 1000);
  if (!offset.ok) return apiError(c, 400, offset.message);
  const albums = state.catalog.albums.filter((a) => a.artistIds.includes(artist.id));
  const ctx = renderContext(c, state);
  const end = offset.value + limit.value;
  const base = `${ctx.baseUrl}/v1/artists/${artist.id}/albums`;
  return c.json({
    href: c.req.url,
    items: albums.slice(offset.value, end).map((a) => simplifiedAlbum(ctx, a)),
    limit: limit.value,
    next: end < albums.length ? `${base}?offset=${end}&limit=${limit.value}` : null,
    offset: offset.value,
    previous:
      offset.value > 0
        ? `${base}?offset=${Math.max(0, offset.value - limit.value)}&limit=${limit.value}`
        : null,
    total: albums.length,
  });
}
