import type { PlayKind } from './types.ts';

/**
 * Track keys: how a play names what was played, so that the natural key
 * (user, track_key, played_at) is always defined.
 *
 * - Spotify track `spotify:track:<id>` → `<id>` (the same key live capture writes).
 * - Podcast episode `spotify:episode:<id>` → `episode:<id>`.
 * - Audiobook chapter `spotify:chapter:<id>` → `chapter:<id>`; without a chapter URI the
 *   book `spotify:audiobook:<id>` → `audiobook:<id>`.
 * - No id (account data, local files, foreign ListenBrainz listens) → a name key from
 *   `nameKey`: `name:<artist>|<track>` (episodes `episode-name:<show>|<episode>`,
 *   audiobooks `audiobook-name:<book>|<chapter>`), each part NFC-normalised, trimmed,
 *   runs of whitespace collapsed to one space, lowercased; a missing artist is ''.
 *
 * `track_id` is filled only for tracks: episodes and chapters are not in the tracks
 * catalog, and their id stays readable in the key. `encore resolve` can later fill
 * `track_id` for name-keyed tracks (WHERE track_id IS NULL AND kind = 'track').
 */

const SPOTIFY_ID = /^[A-Za-z0-9]{1,64}$/;

/** The id in `spotify:<type>:<id>` (or an open.spotify.com URL), or null. */
export function spotifyId(uri: string | null, type: string): string | null {
  if (!uri) return null;
  const prefix = `spotify:${type}:`;
  let id: string | undefined;
  if (uri.startsWith(prefix)) id = uri.slice(prefix.length);
  else {
    const m = /^https?:\/\/open\.spotify\.com\/(?:intl-[a-z-]+\/)?([a-z]+)\/([A-Za-z0-9]+)/.exec(uri);
    if (m && m[1] === type) id = m[2];
  }
  return id && SPOTIFY_ID.test(id) ? id : null;
}

export function keyForId(kind: PlayKind, id: string, type?: 'chapter' | 'audiobook'): string {
  if (kind === 'track') return id;
  if (kind === 'episode') return `episode:${id}`;
  return `${type ?? 'chapter'}:${id}`;
}

export function normName(name: string): string {
  return name.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
}

const NAME_PREFIX: Record<PlayKind, string> = {
  track: 'name:',
  episode: 'episode-name:',
  audiobook: 'audiobook-name:',
  unidentified: 'unidentified-name:',
};

/** The key of a play known only by its names. */
export function nameKey(kind: PlayKind, artist: string | null, track: string): string {
  return `${NAME_PREFIX[kind]}${normName(artist ?? '')}|${normName(track)}`;
}

/**
 * The name normalisation in SQL, for matching plays by title (titleKeySql). It is applied
 * to both sides of a match, so its small differences from `normName` (RE2's `\s` is ASCII
 * whitespace only) never make two spellings disagree.
 */
export function normNameSql(expr: string): string {
  return `lower(regexp_replace(trim(nfc_normalize(${expr})), '\\s+', ' ', 'g'))`;
}

/**
 * The title key used to recognise the same play across sources by name: kind + track
 * title only. The artist is left out on purpose: the extended export names the *album*
 * artist, account data and live capture the track's artist, and they differ on every
 * compilation and feature. Within the short windows it is used in (seconds around the end
 * of play), the title alone is a strong match.
 */
export function titleKeySql(kind: string, track: string): string {
  return `(${kind} || ':' || ${normNameSql(track)})`;
}
