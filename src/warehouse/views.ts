// The views encore keeps in the dataset: the original design's de-duplicated plays in the user's time
// zone, its six analyses, plus top tracks and sessions. Same rules as encore's own analytics
// (src/analytics/model.ts): a play the store holds as distinct is distinct (only rows that
// insertAll delivered twice, same user, track and instant, are one), a play counts from 30 s,
// and 'unidentified' listening (no names, real ms) counts in minutes, days and sessions but in
// no per-track, per-artist or genre figure.
import { DEFAULT_MIN_STREAM_MS, DEFAULT_SESSION_GAP_MINUTES } from '../analytics/query.ts';
import type { WarehouseTarget } from './target.ts';

export type ViewDefinition = { name: string; description: string; query: string };

const literal = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
const minutes = (ms: string) => `ROUND(SUM(${ms}) / 60000, 1)`;

export function warehouseViews(target: WarehouseTarget, timeZone: string): ViewDefinition[] {
  const t = (name: string) => `\`${target.projectId}.${target.datasetId}.${name}\``;
  return [playsDeduped(t, timeZone), ...analyses(t), sessions(t)];
}

/** A view's name, fully qualified and quoted: `project.dataset.name`. */
type Qualify = (name: string) => string;

/** The base of every other view: each play once, in local time, with the 30 s rule as `counted`. */
function playsDeduped(t: Qualify, timeZone: string): ViewDefinition {
  return {
    name: 'plays_deduped',
    description: 'Every play once, in the listener’s time zone, with the stream rule applied (counted).',
    query: `WITH exact AS (
  SELECT user_id, track_key, played_at, ANY_VALUE(track_id) AS track_id, ANY_VALUE(kind) AS kind,
         ANY_VALUE(track_name) AS track_name, ANY_VALUE(artist_name) AS artist_name,
         ANY_VALUE(album_name) AS album_name, ANY_VALUE(ms_played) AS ms_played, ANY_VALUE(source) AS source
  FROM ${t('plays')} GROUP BY user_id, track_key, played_at
), tr AS (
  SELECT track_id, ANY_VALUE(duration_ms) AS duration_ms, ANY_VALUE(primary_artist_id) AS primary_artist_id
  FROM ${t('tracks')} GROUP BY track_id
), zones AS (
  SELECT user_id, ANY_VALUE(time_zone) AS time_zone FROM ${t('users')} GROUP BY user_id
), known AS (
  SELECT e.*, tr.primary_artist_id, tr.duration_ms, COALESCE(e.ms_played, tr.duration_ms) AS known_ms,
         COALESCE(z.time_zone, ${literal(timeZone)}) AS time_zone
  FROM exact e LEFT JOIN tr ON tr.track_id = e.track_id LEFT JOIN zones z ON z.user_id = e.user_id
  WHERE e.kind IN ('track', 'unidentified')
)
SELECT user_id, kind, track_key, track_id, track_name, artist_name, album_name, primary_artist_id, source, played_at,
       DATETIME(played_at, time_zone) AS played_at_local, DATE(played_at, time_zone) AS local_day,
       EXTRACT(HOUR FROM DATETIME(played_at, time_zone)) AS hour,
       MOD(EXTRACT(DAYOFWEEK FROM DATETIME(played_at, time_zone)) + 5, 7) + 1 AS weekday,
       COALESCE(known_ms, 0) AS ms, duration_ms,
       (known_ms IS NULL OR known_ms >= ${DEFAULT_MIN_STREAM_MS}) AS counted
FROM known`,
  };
}

/** The original design's six analyses, and top tracks. */
function analyses(t: Qualify): ViewDefinition[] {
  const counted = `${t('plays_deduped')} WHERE counted`;
  const countedMusic = `${counted} AND kind = 'track'`;
  return [
    {
      name: 'all_artists',
      description: 'Plays and minutes per artist.',
      query: `SELECT user_id, artist_name AS artist, COUNT(*) AS plays, ${minutes('ms')} AS minutes
FROM ${countedMusic} GROUP BY user_id, artist`,
    },
    {
      name: 'all_genres',
      description: 'Plays and minutes per genre of the primary artist.',
      query: `WITH a AS (SELECT artist_id, ANY_VALUE(genres) AS genres FROM ${t('artists')} GROUP BY artist_id)
SELECT p.user_id, genre, COUNT(*) AS plays, ${minutes('p.ms')} AS minutes
FROM ${t('plays_deduped')} p JOIN a ON a.artist_id = p.primary_artist_id, UNNEST(SPLIT(a.genres, '|')) AS genre
WHERE p.counted AND p.kind = 'track' AND genre != '' GROUP BY p.user_id, genre`,
    },
    {
      name: 'hour_weekday_heatmap',
      description: 'Plays and minutes per local hour and weekday (1 = Monday).',
      query: `SELECT user_id, weekday, hour, COUNT(*) AS plays, ${minutes('ms')} AS minutes
FROM ${counted} GROUP BY user_id, weekday, hour`,
    },
    {
      name: 'listening_over_time',
      description: 'Plays and minutes per local day.',
      query: `SELECT user_id, local_day, COUNT(*) AS plays, ${minutes('ms')} AS minutes
FROM ${counted} GROUP BY user_id, local_day`,
    },
    {
      name: 'songs_over_time',
      description: 'Plays of each song per local day.',
      query: `SELECT user_id, local_day, track_key, ANY_VALUE(track_name) AS track_name,
       ANY_VALUE(artist_name) AS artist_name, COUNT(*) AS plays
FROM ${countedMusic} GROUP BY user_id, local_day, track_key`,
    },
    {
      name: 'top_kpis',
      description: 'Headline figures: plays, minutes, distinct tracks and artists, active days.',
      query: `SELECT user_id, COUNT(*) AS plays, ${minutes('ms')} AS minutes,
       COUNT(DISTINCT IF(kind = 'track', track_key, NULL)) AS distinct_tracks,
       COUNT(DISTINCT IF(kind = 'track', artist_name, NULL)) AS distinct_artists,
       COUNT(DISTINCT local_day) AS active_days, ROUND(AVG(ms)) AS average_listen_ms
FROM ${counted} GROUP BY user_id`,
    },
    {
      name: 'top_tracks',
      description: 'Plays and minutes per track.',
      query: `SELECT user_id, track_key, ANY_VALUE(track_name) AS track_name, ANY_VALUE(artist_name) AS artist_name,
       COUNT(*) AS plays, ${minutes('ms')} AS minutes
FROM ${countedMusic} GROUP BY user_id, track_key`,
    },
  ];
}

function sessions(t: Qualify): ViewDefinition {
  const counted = `${t('plays_deduped')} WHERE counted`;
  return {
    name: 'sessions',
    description: `Listening sessions: a pause of ${DEFAULT_SESSION_GAP_MINUTES} minutes or more starts a new one.`,
    // encore's rule (src/analytics/sql/sessions.ts): a play starts a new session when it
    // began (its end minus the time listened) at least the gap after the previous one ended.
    query: `WITH timed AS (
  SELECT user_id, played_at, ms, TIMESTAMP_SUB(played_at, INTERVAL ms MILLISECOND) AS started_at,
         LAG(played_at) OVER (PARTITION BY user_id ORDER BY played_at) AS prev_end
  FROM ${counted}
), numbered AS (
  SELECT *, SUM(IF(prev_end IS NULL
                   OR TIMESTAMP_DIFF(started_at, prev_end, MICROSECOND) >= ${DEFAULT_SESSION_GAP_MINUTES * 60_000_000}, 1, 0))
              OVER (PARTITION BY user_id ORDER BY played_at ROWS UNBOUNDED PRECEDING) AS session_no
  FROM timed
)
SELECT user_id, session_no, MIN(started_at) AS started_at, MAX(played_at) AS ended_at,
       COUNT(*) AS plays, ${minutes('ms')} AS minutes
FROM numbered GROUP BY user_id, session_no`,
  };
}
