/**
 * How artist, album and track pages name what they show. The id in a page's URL is the
 * string whose hash is the model's integer key (model.ts `keysSql`), so a page filters
 * the same `p` every dashboard figure reads:
 *
 * - artist: the catalog artist id, or `name:<artist>` for artists known by name only;
 * - album: the catalog album id, or `name:<album>|<artist>`;
 * - track: the recording id (one per ISRC) or the track id, or the play's name key
 *   (`name:<artist>|<track>`, as stored in plays.track_key).
 *
 * Name keys are normalised here in SQL (lower, trim) exactly as the model does, so a link
 * may carry the name as shown (`name:Delta`) and a URL typed by hand still finds it.
 */
import { AnalyticsQueryError } from './query.ts';

export type EntityKind = 'artist' | 'album' | 'track';

export const ENTITY_KINDS: readonly EntityKind[] = ['artist', 'album', 'track'];

/** The model's column for each kind. */
export const KEY_COLUMN: Record<EntityKind, 'ak' | 'alk' | 'tk'> = {
  artist: 'ak',
  album: 'alk',
  track: 'tk',
};

/** Checks an id from a URL or the command line: non-empty, bounded, printable. */
export function checkEntityId(id: string): string {
  const text = id.trim();
  if (!text) throw new AnalyticsQueryError('An id is required.');
  if (text.length > 600) throw new AnalyticsQueryError('That id is too long to be one encore stored.');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f]/.test(text)) throw new AnalyticsQueryError('That id contains control characters.');
  return text;
}

/**
 * `target`: one row, `k` — the integer key of the id bound as the one parameter. A track id
 * of a second release (same ISRC) becomes its recording's key, as the dashboard counts it.
 */
export function targetCte(kind: EntityKind): string {
  const key =
    kind === 'artist'
      ? `CASE WHEN starts_with(id, 'name:') THEN hash('name:' || lower(trim(substr(id, 6)))) ELSE hash(id) END`
      : kind === 'album'
        ? `CASE WHEN starts_with(id, 'name:') THEN hash(lower(id)) ELSE hash(id) END`
        : `CASE WHEN starts_with(id, 'name:') THEN hash(id)
            ELSE hash(coalesce((SELECT any_value(recording_id) FROM dim WHERE track_id = id), id)) END`;
  return `target_id AS (SELECT ?::VARCHAR AS id),
  target AS MATERIALIZED (SELECT ${key} AS k FROM target_id)`;
}

/** The URL id of an artist as lists carry it: the catalog id, else its name key. */
export function artistKeyOf(a: { artistId: string | null; name: string | null }): string | null {
  if (a.artistId) return a.artistId;
  return a.name ? `name:${a.name}` : null;
}

/** The URL id of an album: the catalog id, else `name:<album>|<artist>`. */
export function albumKeyOf(a: {
  albumId: string | null;
  name: string | null;
  artistName: string | null;
}): string | null {
  if (a.albumId) return a.albumId;
  return a.name ? `name:${a.name.trim()}|${(a.artistName ?? '').trim()}` : null;
}
