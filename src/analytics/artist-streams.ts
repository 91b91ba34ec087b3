/**
 * "Plays" and "streams", defined once. A *play* is any stored play row, skips included; a
 * *stream* is a play that passed the stream rule (30 s or more, or of unknown length) —
 * what every figure of the dashboard counts. The Shows badges, the playlist's "your
 * streams" column and the alerts' thresholds read this function, so the badge and the
 * dashboard's top-artist entry are the same number for the same artist and range.
 */
import type { Queryable } from '../store/db.ts';
import { formatCount } from '../util/numbers.ts';
import { ensureDimVia } from './dim-cache.ts';
import { modelCtes } from './model.ts';
import { DEFAULT_MIN_STREAM_MS, resolveQuery } from './query.ts';

/** The one sentence every page shows next to a stream count. */
export const STREAMS_LEGEND = 'streams = plays of 30 s or more';

export interface ArtistRef {
  id: string;
  name: string;
}

export interface ArtistStreams {
  streams: number;
  /** Time listened in those streams (ms_played, else the catalog length, else 0). */
  ms: number;
}

/** The whole history: from the epoch to far beyond any stored play. */
const ALL_TIME = { from: new Date(0), to: new Date(Date.UTC(3000, 0, 1)) };

/**
 * artist id → the user's streams of that artist in the range (default all time); artists
 * without streams are absent. A stream is credited as the dashboard credits it: to its
 * track's primary artist, or — for a play encore could not tie to a catalog track — to the
 * artist named on the play (the dashboard lists those under the name until `encore resolve`).
 */
export async function streamsByArtist(
  db: Queryable,
  userId: string,
  artists: readonly ArtistRef[],
  range: { from: Date; to: Date } = ALL_TIME,
): Promise<Map<string, ArtistStreams>> {
  const unique = [...new Map(artists.map((a) => [a.id, a])).values()];
  if (unique.length === 0) return new Map();
  // Time zone does not change a count; UTC spares the per-day zone conversions.
  const q = resolveQuery({ userId, ...range, timeZone: 'UTC', minStreamMs: DEFAULT_MIN_STREAM_MS });
  const model = modelCtes(q);
  await ensureDimVia(db);
  // The same keys as keysSql gives a play: hash(artist id), or hash('name:' + name) by name.
  const rows = await db.all<{ artist_id: string; streams: number; ms: number }>(
    `WITH ${model.sql},
     wanted AS (
       SELECT w.id AS artist_id, hash(w.id) AS ak FROM (SELECT unnest(from_json(?, '[{"id":"VARCHAR","name":"VARCHAR"}]')) AS w)
       UNION
       SELECT w.id, hash('name:' || lower(trim(w.name))) FROM (SELECT unnest(from_json(?, '[{"id":"VARCHAR","name":"VARCHAR"}]')) AS w)
     )
     SELECT w.artist_id, count(*)::INTEGER AS streams, coalesce(sum(p.ms), 0)::BIGINT AS ms
     FROM p JOIN wanted w ON w.ak = p.ak
     GROUP BY w.artist_id`,
    [...model.params, JSON.stringify(unique), JSON.stringify(unique)],
  );
  return new Map(rows.map((r) => [r.artist_id, { streams: Number(r.streams), ms: Number(r.ms) }]));
}

/** "1 stream", "1,432 streams". */
export function streamsText(streams: number): string {
  return `${formatCount(streams)} ${streams === 1 ? 'stream' : 'streams'}`;
}
