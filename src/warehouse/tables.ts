// The tables encore appends to. Plays are append-only (insertId = the play's natural key); catalog
// rows may arrive more than once, so every view reads them through a GROUP BY on the id.
export type WarehouseField = { name: string; type: string; mode?: 'REQUIRED' | 'NULLABLE' };

export const WAREHOUSE_TABLES: Record<string, WarehouseField[]> = {
  plays: [
    { name: 'user_id', type: 'STRING', mode: 'REQUIRED' },
    { name: 'track_key', type: 'STRING', mode: 'REQUIRED' },
    { name: 'played_at', type: 'TIMESTAMP', mode: 'REQUIRED' },
    { name: 'track_id', type: 'STRING' },
    { name: 'kind', type: 'STRING' },
    { name: 'track_name', type: 'STRING' },
    { name: 'artist_name', type: 'STRING' },
    { name: 'album_name', type: 'STRING' },
    { name: 'ms_played', type: 'INTEGER' },
    { name: 'ms_played_source', type: 'STRING' },
    { name: 'context_uri', type: 'STRING' },
    { name: 'source', type: 'STRING' },
    { name: 'skipped', type: 'BOOLEAN' },
    { name: 'shuffle', type: 'BOOLEAN' },
    { name: 'platform', type: 'STRING' },
  ],
  tracks: [
    { name: 'track_id', type: 'STRING', mode: 'REQUIRED' },
    { name: 'name', type: 'STRING' },
    { name: 'duration_ms', type: 'INTEGER' },
    { name: 'album_id', type: 'STRING' },
    { name: 'primary_artist_id', type: 'STRING' },
  ],
  artists: [
    { name: 'artist_id', type: 'STRING', mode: 'REQUIRED' },
    { name: 'name', type: 'STRING' },
    // '|'-joined: the views SPLIT it (one simple type keeps the schema portable to any BI tool).
    { name: 'genres', type: 'STRING' },
  ],
  users: [
    { name: 'user_id', type: 'STRING', mode: 'REQUIRED' },
    { name: 'time_zone', type: 'STRING' },
  ],
};
