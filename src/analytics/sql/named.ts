import { keysSql } from '../model.ts';

/**
 * Late naming: analyses group on integer keys, then look up names only for the rows they
 * show. `rows` is a CTE with a key column `k` and an instant `at_us` of one of the key's
 * plays; the result adds that play's ids and names (the catalog's where it has the track,
 * else the names the play carried) — one row per key. Everything is read through
 * semi-joins on the few plays and ids shown: a hash table over the whole catalog, or a
 * second wide copy of the plays, for ten rows would cost more than the analysis itself.
 */
export function namedSql(rows: string, key: 'tk' | 'ak' | 'alk'): string {
  return `WITH cand AS (
      SELECT pl.played_at, pl.track_id, pl.track_key, pl.track_name, pl.artist_name, pl.album_name
      FROM range_plays pl WHERE pl.played_at IN (SELECT make_timestamptz(at_us) FROM ${rows})
    ),
    cdim AS (SELECT * FROM dim WHERE track_id IN (SELECT track_id FROM cand)),
    nb AS (
      SELECT r.*, c.track_id, c.track_key, c.track_name AS play_track, c.artist_name AS play_artist,
             c.album_name AS play_album, c.artist_id, c.album_id, c.recording_id
      FROM (SELECT cand.*, epoch_us(cand.played_at) AS end_us, cdim.artist_id, cdim.album_id, cdim.recording_id,
                   ${keysSql('cand', 'cdim')}
            FROM cand LEFT JOIN cdim ON cdim.track_id = cand.track_id) c
      JOIN ${rows} r ON r.k = c.${key} AND r.at_us = c.end_us
      QUALIFY row_number() OVER (PARTITION BY r.k ORDER BY c.track_key) = 1
    ),
    t AS (SELECT track_id, name FROM tracks WHERE track_id IN (SELECT track_id FROM nb)),
    a AS (SELECT artist_id, name FROM artists WHERE artist_id IN (SELECT artist_id FROM nb)),
    al AS (SELECT album_id, name FROM albums WHERE album_id IN (SELECT album_id FROM nb))
    SELECT nb.*,
      coalesce(t.name, nb.play_track, nb.track_key) AS track_name,
      coalesce(a.name, nb.play_artist, 'unknown artist') AS artist_name,
      coalesce(al.name, nb.play_album) AS album_name,
      coalesce(nb.recording_id, nb.track_id, nb.track_key) AS recording_key
    FROM nb
    LEFT JOIN t ON t.track_id = nb.track_id
    LEFT JOIN a ON a.artist_id = nb.artist_id
    LEFT JOIN al ON al.album_id = nb.album_id`;
}
