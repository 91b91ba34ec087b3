/**
 * Catalog rows written as they are given (demo history brings the simulator's catalog):
 * rows already stored stay as they are, except that an artist's unknown genres fill in.
 * Live responses go through upsertTracks (catalog.ts), which refreshes names instead.
 */
import { columns, insertRows } from './bulk-insert.ts';
import type { Queryable } from './db.ts';

export interface CatalogRows {
  /** `genres` empty: unknown (stored as NULL, never as an empty list). */
  artists: ReadonlyArray<{ id: string; name: string; genres: readonly string[] }>;
  albums: ReadonlyArray<{ id: string; name: string; albumType: string; releaseDate: string }>;
  tracks: ReadonlyArray<{
    id: string;
    name: string;
    durationMs: number;
    isrc: string | null;
    albumId: string;
    explicit: boolean;
    /** In billing order: the first is the primary artist. */
    artistIds: readonly string[];
  }>;
}

const ARTISTS = columns('artist_id:VARCHAR name:VARCHAR genres:VARCHAR[] genres_source:VARCHAR');
const ALBUMS = columns('album_id:VARCHAR name:VARCHAR album_type:VARCHAR release_date:VARCHAR');
const TRACKS = columns(
  'track_id:VARCHAR name:VARCHAR duration_ms:INTEGER isrc:VARCHAR album_id:VARCHAR explicit:BOOLEAN',
);
const TRACK_ARTISTS = columns('track_id:VARCHAR artist_id:VARCHAR position:INTEGER');

export async function insertCatalogIfAbsent(tx: Queryable, rows: CatalogRows): Promise<void> {
  await insertRows(
    tx,
    'artists',
    ARTISTS,
    rows.artists.map((a) => ({
      artist_id: a.id,
      name: a.name,
      genres: a.genres.length ? a.genres : null,
      genres_source: a.genres.length ? 'spotify' : null,
    })),
    `ON CONFLICT (artist_id) DO UPDATE SET genres = coalesce(artists.genres, excluded.genres),
       genres_source = coalesce(artists.genres_source, excluded.genres_source)`,
  );
  await insertRows(
    tx,
    'albums',
    ALBUMS,
    rows.albums.map((a) => ({
      album_id: a.id,
      name: a.name,
      album_type: a.albumType,
      release_date: a.releaseDate,
    })),
    'ON CONFLICT DO NOTHING',
  );
  await insertRows(
    tx,
    'tracks',
    TRACKS,
    rows.tracks.map((t) => ({
      track_id: t.id,
      name: t.name,
      duration_ms: t.durationMs,
      isrc: t.isrc,
      album_id: t.albumId,
      explicit: t.explicit,
    })),
    'ON CONFLICT DO NOTHING',
  );
  await insertRows(
    tx,
    'track_artists',
    TRACK_ARTISTS,
    rows.tracks.flatMap((t) =>
      t.artistIds.map((artistId, position) => ({ track_id: t.id, artist_id: artistId, position })),
    ),
    'ON CONFLICT DO NOTHING',
  );
}
