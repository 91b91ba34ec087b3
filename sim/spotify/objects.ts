/**
 * JSON objects as the Web API returns them, per tier. Development Mode responses lack
 * `popularity`, `followers`, `available_markets`, `linked_from`, album `label` and the
 * private `/me` fields; Extended Quota Mode has them all.
 */
import type { Catalog, CatalogAlbum, CatalogArtist, CatalogTrack } from './catalog.ts';
import type { PlaylistEntry, SimPlaylist } from './playlists.ts';
import type { SimUser, Tier } from './state.ts';

export interface RenderContext {
  /**
   * `http://127.0.0.1:PORT` plus any mount prefix, taken from the request, for `href`s
   * and `next` links.
   */
  baseUrl: string;
  tier: Tier;
  catalog: Catalog;
}

const MARKETS = ['DE', 'GB', 'JP', 'SG', 'US'];
const extended = (ctx: RenderContext) => ctx.tier === 'extended';

const externalUrls = (kind: string, id: string) => ({ spotify: `https://open.spotify.com/${kind}/${id}` });

/** Simulated artwork is served by the simulator itself (an SVG placeholder). */
function images(ctx: RenderContext, id: string) {
  return [640, 300, 64].map((size) => ({
    url: `${ctx.baseUrl}/images/${id}.svg?size=${size}`,
    height: size,
    width: size,
  }));
}

export function simplifiedArtist(ctx: RenderContext, artist: CatalogArtist) {
  return {
    external_urls: externalUrls('artist', artist.id),
    href: `${ctx.baseUrl}/v1/artists/${artist.id}`,
    id: artist.id,
    name: artist.name,
    type: 'artist',
    uri: `spotify:artist:${artist.id}`,
  };
}

export function fullArtist(ctx: RenderContext, artist: CatalogArtist) {
  const base = {
    external_urls: externalUrls('artist', artist.id),
    genres: artist.genres,
    href: `${ctx.baseUrl}/v1/artists/${artist.id}`,
    id: artist.id,
    images: images(ctx, artist.id),
    name: artist.name,
    type: 'artist',
    uri: `spotify:artist:${artist.id}`,
  };
  if (!extended(ctx)) return base;
  return { ...base, followers: { href: null, total: artist.followers }, popularity: artist.popularity };
}

function artistsOf(ctx: RenderContext, ids: string[]) {
  return ids
    .map((id) => ctx.catalog.artist(id))
    .filter((a): a is CatalogArtist => !!a)
    .map((a) => simplifiedArtist(ctx, a));
}

export function simplifiedAlbum(ctx: RenderContext, album: CatalogAlbum) {
  const base = {
    album_type: album.albumType,
    artists: artistsOf(ctx, album.artistIds),
    external_urls: externalUrls('album', album.id),
    href: `${ctx.baseUrl}/v1/albums/${album.id}`,
    id: album.id,
    images: images(ctx, album.id),
    is_playable: true,
    name: album.name,
    release_date: album.releaseDate,
    release_date_precision: 'day',
    total_tracks: album.trackIds.length,
    type: 'album',
    uri: `spotify:album:${album.id}`,
  };
  return extended(ctx) ? { ...base, available_markets: MARKETS } : base;
}

export function fullAlbum(ctx: RenderContext, album: CatalogAlbum) {
  const tracks = album.trackIds
    .map((id) => ctx.catalog.track(id))
    .filter((t): t is CatalogTrack => !!t)
    .map((t) => simplifiedTrack(ctx, t));
  const base = {
    ...simplifiedAlbum(ctx, album),
    copyrights: [{ text: `(P) ${album.releaseDate.slice(0, 4)} ${album.label}`, type: 'P' }],
    tracks: {
      href: `${ctx.baseUrl}/v1/albums/${album.id}/tracks?offset=0&limit=50`,
      items: tracks.slice(0, 50),
      limit: 50,
      next: null,
      offset: 0,
      previous: null,
      total: tracks.length,
    },
  };
  return extended(ctx) ? { ...base, label: album.label, popularity: album.popularity } : base;
}

function simplifiedTrack(ctx: RenderContext, track: CatalogTrack) {
  return {
    artists: artistsOf(ctx, track.artistIds),
    disc_number: track.discNumber,
    duration_ms: track.durationMs,
    explicit: track.explicit,
    external_urls: externalUrls('track', track.id),
    href: `${ctx.baseUrl}/v1/tracks/${track.id}`,
    id: track.id,
    is_local: false,
    is_playable: true,
    name: track.name,
    preview_url: null,
    track_number: track.trackNumber,
    type: 'track',
    uri: `spotify:track:${track.id}`,
  };
}

export function fullTrack(ctx: RenderContext, track: CatalogTrack) {
  const album = ctx.catalog.album(track.albumId) as CatalogAlbum;
  const base = {
    album: simplifiedAlbum(ctx, album),
    ...simplifiedTrack(ctx, track),
    external_ids: { isrc: track.isrc },
  };
  return extended(ctx) ? { ...base, available_markets: MARKETS, popularity: track.popularity } : base;
}

/** The `context` of a play: which album or playlist it was played from. */
export function contextObject(ctx: RenderContext, uri: string | null) {
  if (!uri) return null;
  const [, type, id] = uri.split(':');
  if (!type || !id) return null;
  return { type, uri, href: `${ctx.baseUrl}/v1/${type}s/${id}`, external_urls: externalUrls(type, id) };
}

export function publicUser(ctx: RenderContext, user: SimUser) {
  const id = user.spec.id;
  return {
    display_name: user.displayName,
    external_urls: externalUrls('user', id),
    href: `${ctx.baseUrl}/v1/users/${id}`,
    id,
    type: 'user',
    uri: `spotify:user:${id}`,
  };
}

export function meObject(ctx: RenderContext, user: SimUser) {
  const base = { ...publicUser(ctx, user), followers: { href: null, total: 0 }, images: [] };
  if (!extended(ctx)) return base;
  return {
    ...base,
    country: user.spec.country ?? 'US',
    email: `${user.spec.id}@sim.encore.invalid`,
    product: user.spec.product ?? 'premium',
    explicit_content: { filter_enabled: false, filter_locked: false },
  };
}

export function playlistItem(ctx: RenderContext, entry: PlaylistEntry, owner: SimUser | undefined) {
  const id = entry.uri.split(':')[2] ?? '';
  const track = ctx.catalog.track(id);
  const item = track ? fullTrack(ctx, track) : null;
  return {
    added_at: isoSeconds(entry.addedAt),
    added_by: owner ? publicUser(ctx, owner) : null,
    is_local: false,
    item,
    // Deprecated alias that Spotify still sends alongside `item`.
    track: item,
  };
}

export function simplifiedPlaylist(ctx: RenderContext, playlist: SimPlaylist, owner: SimUser | undefined) {
  return {
    collaborative: playlist.collaborative,
    description: playlist.description ?? '',
    external_urls: externalUrls('playlist', playlist.id),
    href: `${ctx.baseUrl}/v1/playlists/${playlist.id}`,
    id: playlist.id,
    images: [],
    name: playlist.name,
    owner: owner ? publicUser(ctx, owner) : { id: playlist.ownerId, type: 'user' },
    public: playlist.public,
    snapshot_id: playlist.snapshotId,
    items: { href: `${ctx.baseUrl}/v1/playlists/${playlist.id}/items`, total: playlist.entries.length },
    type: 'playlist',
    uri: `spotify:playlist:${playlist.id}`,
  };
}

/** `YYYY-MM-DDTHH:mm:ss.sssZ`, the `played_at` format. */
export const isoMillis = (ms: number) => new Date(ms).toISOString();

/** `YYYY-MM-DDTHH:mm:ssZ`, the `added_at` format. */
export const isoSeconds = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}Z`;
