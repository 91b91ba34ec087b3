/**
 * Late naming: analyses group on integer keys, then look up names only for the rows they
 * show. `rows` is a CTE with a key column `k` and an instant `at_us` of one of the key's
 * plays; the result adds that play (`p`) and its catalog rows (`t` track, `a` artist,
 * `al` album, `dm` dim) — one row per key.
 */
export function namedSql(rows: string, key: 'tk' | 'ak' | 'alk'): string {
  return `SELECT r.*, p.track_id, p.track_key, p.artist_id, p.album_id,
      coalesce(t.name, p.track_name, p.track_key) AS track_name,
      coalesce(a.name, p.artist_name, 'unknown artist') AS artist_name,
      coalesce(al.name, p.album_name) AS album_name,
      coalesce(dm.recording_id, p.track_id, p.track_key) AS recording_key
    FROM ${rows} r
    JOIN p ON p.${key} = r.k AND p.end_us = r.at_us
    LEFT JOIN tracks t ON t.track_id = p.track_id
    LEFT JOIN artists a ON a.artist_id = p.artist_id
    LEFT JOIN albums al ON al.album_id = p.album_id
    LEFT JOIN dim dm ON dm.track_id = p.track_id
    QUALIFY row_number() OVER (PARTITION BY r.k ORDER BY p.track_key) = 1`;
}
