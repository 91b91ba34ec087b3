import type { Queryable } from '../store/db.ts';
import { STILL_OPEN } from './attempts.ts';

/**
 * What resolve still has to look up for one user, most-played first. Each query skips
 * what is done (a catalog row, a track id, genres) or already tried (resolve_attempts).
 */

export interface PendingTrack extends Record<string, unknown> {
  id: string;
  plays: number;
}

export interface PendingName extends Record<string, unknown> {
  key: string;
  track_name: string | null;
  artist_name: string | null;
  plays: number;
}

export interface PendingArtist extends Record<string, unknown> {
  id: string;
  name: string;
  plays: number;
}

const TRACKS_FROM = `FROM plays p
  LEFT JOIN tracks t ON t.track_id = p.track_id
  LEFT JOIN resolve_attempts a ON a.subject = 'track:' || p.track_id
  WHERE p.user_id = ? AND p.kind = 'track' AND p.track_id IS NOT NULL AND t.track_id IS NULL AND ${STILL_OPEN}`;

const NAMES_FROM = `FROM plays p
  LEFT JOIN resolve_attempts a ON a.subject = 'name:' || p.track_key
  WHERE p.user_id = ? AND p.kind = 'track' AND p.track_id IS NULL AND p.track_key LIKE 'name:%' AND ${STILL_OPEN}`;

const ARTISTS_FROM = `FROM plays p
  JOIN track_artists ta ON ta.track_id = p.track_id
  JOIN artists ar ON ar.artist_id = ta.artist_id
  LEFT JOIN resolve_attempts a ON a.subject = 'artist:' || ar.artist_id
  WHERE p.user_id = ? AND ar.genres IS NULL AND ${STILL_OPEN}`;

export function pendingTracks(db: Queryable, userId: string, since: number, limit: number) {
  return db.all<PendingTrack>(
    `SELECT p.track_id AS id, count(*) AS plays ${TRACKS_FROM}
     GROUP BY p.track_id ORDER BY plays DESC, id LIMIT ${limit}`,
    [userId, since],
  );
}

export function pendingNames(db: Queryable, userId: string, since: number, limit: number) {
  return db.all<PendingName>(
    `SELECT p.track_key AS key, min(p.track_name) AS track_name, min(p.artist_name) AS artist_name, count(*) AS plays
     ${NAMES_FROM} GROUP BY p.track_key ORDER BY plays DESC, key LIMIT ${limit}`,
    [userId, since],
  );
}

export function pendingArtists(db: Queryable, userId: string, since: number, limit: number) {
  return db.all<PendingArtist>(
    `SELECT ar.artist_id AS id, min(ar.name) AS name, count(*) AS plays ${ARTISTS_FROM}
     GROUP BY ar.artist_id ORDER BY plays DESC, id LIMIT ${limit}`,
    [userId, since],
  );
}

export interface PendingCounts extends Record<string, unknown> {
  tracks: number;
  names: number;
  artists: number;
}

/** How much is left (tracks resolved in this run add their artists to the last count). */
export async function pendingCounts(db: Queryable, userId: string, since: number): Promise<PendingCounts> {
  const row = await db.one<PendingCounts>(
    `SELECT (SELECT count(DISTINCT p.track_id) ${TRACKS_FROM}) AS tracks,
            (SELECT count(DISTINCT p.track_key) ${NAMES_FROM}) AS names,
            (SELECT count(DISTINCT ar.artist_id) ${ARTISTS_FROM}) AS artists`,
    [userId, since, userId, since, userId, since],
  );
  return row ?? { tracks: 0, names: 0, artists: 0 };
}

/**
 * Name keys another account's run already resolved: their track id applies here too,
 * without a call. Returns how many plays got a track id.
 */
export async function applyKnownNames(db: Queryable, userId: string): Promise<number> {
  const before = await db.one<{ n: number }>(
    `SELECT count(*) AS n FROM plays WHERE user_id = ? AND track_id IS NULL AND track_key LIKE 'name:%'`,
    [userId],
  );
  await db.run(
    `UPDATE plays SET track_id = a.resolved_id FROM resolve_attempts a
     WHERE a.subject = 'name:' || plays.track_key AND a.outcome = 'resolved' AND a.resolved_id IS NOT NULL
       AND plays.user_id = ? AND plays.kind = 'track' AND plays.track_id IS NULL`,
    [userId],
  );
  const after = await db.one<{ n: number }>(
    `SELECT count(*) AS n FROM plays WHERE user_id = ? AND track_id IS NULL AND track_key LIKE 'name:%'`,
    [userId],
  );
  return (before?.n ?? 0) - (after?.n ?? 0);
}
