/**
 * Late naming: analyses group on integer keys, then look up names only for the rows they
 * show. `rows` is a CTE with a column `rid`: the rowid in `plays` of one play of each row
 * (its latest, or its first); the result adds that play's ids and names — the catalog's
 * where it has the track, else the names the play carried. Plays and catalog are read
 * through semi-joins on the few rowids and ids shown: a hash table over the whole catalog,
 * or a wide copy of the range's plays, for ten rows would cost more than the analysis.
 */
export function namedSql(rows: string): string {
  return `WITH cand AS (
      SELECT rowid AS rid, track_id, track_key, track_name, artist_name, album_name
      FROM plays WHERE rowid IN (SELECT rid FROM ${rows})
    ),
    cdim AS (SELECT * FROM dim WHERE track_id IN (SELECT track_id FROM cand)),
    nb AS (
      SELECT r.*, c.track_id, c.track_key, c.track_name AS play_track, c.artist_name AS play_artist,
             c.album_name AS play_album, cdim.artist_id, cdim.album_id, cdim.recording_id
      FROM ${rows} r JOIN cand c ON c.rid = r.rid
      LEFT JOIN cdim ON cdim.track_id = c.track_id
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
