/** Identifiers sources embed in links: Spotify artist ids and MusicBrainz ids. */

const SPOTIFY_ID = /^[A-Za-z0-9]{22}$/;
const MBID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * `https://open.spotify.com/artist/<id>?autoplay=true`, `…/intl-de/artist/<id>` or
 * `spotify:artist:<id>` → the 22-character id; anything else (tracks, playlists,
 * malformed ids) → undefined.
 */
export function parseSpotifyArtistId(link: string | undefined | null): string | undefined {
  if (!link) return undefined;
  const uri = /^spotify:artist:([A-Za-z0-9]+)$/.exec(link.trim());
  if (uri) return SPOTIFY_ID.test(uri[1]!) ? uri[1] : undefined;
  let url: URL;
  try {
    url = new URL(link.trim());
  } catch {
    return undefined;
  }
  if (!/(^|\.)spotify\.com$/.test(url.hostname)) return undefined;
  const segments = url.pathname.split('/').filter(Boolean);
  const at = segments.indexOf('artist');
  const id = at >= 0 ? segments[at + 1] : undefined;
  return id && SPOTIFY_ID.test(id) ? id : undefined;
}

export function parseMbid(value: string | undefined | null): string | undefined {
  const trimmed = value?.trim();
  return trimmed && MBID.test(trimmed) ? trimmed.toLowerCase() : undefined;
}
