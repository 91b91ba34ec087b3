/**
 * Storage of the shows' second half: performer → artist decisions (artist_matches),
 * verified source links, track picks with their 30-day cache, audio features, and the
 * listening figures the matcher and the picker read. Schema: migration 005_matching.sql.
 */
import type { Queryable } from './db.ts';

export interface UpcomingPerformer {
  eventKey: string;
  position: number;
  name: string;
  headliner: boolean;
  spotifyArtistId: string | null;
  mbid: string | null;
  /** The performer's own genre, else the event's. */
  genre: string | null;
}

/** Every performer billed on a non-cancelled show that has not started yet. */
export async function upcomingPerformers(db: Queryable, now: Date): Promise<UpcomingPerformer[]> {
  const rows = await db.all(
    `SELECT p.event_key, p.position, p.name, p.headliner, p.spotify_artist_id, p.mbid, COALESCE(p.genre, e.genre) AS genre
     FROM event_performers p JOIN events e ON e.event_key = p.event_key
     WHERE e.status <> 'cancelled'
       AND (e.start_utc >= CAST(? AS TIMESTAMPTZ) OR (e.start_utc IS NULL AND e.local_date >= CAST(? AS DATE)))
     ORDER BY e.local_date, e.event_key, p.position`,
    [now, now.toISOString().slice(0, 10)],
  );
  return rows.map((r) => ({
    eventKey: String(r.event_key),
    position: Number(r.position),
    name: String(r.name),
    headliner: Boolean(r.headliner),
    spotifyArtistId: r.spotify_artist_id === null ? null : String(r.spotify_artist_id),
    mbid: r.mbid === null ? null : String(r.mbid),
    genre: r.genre === null ? null : String(r.genre),
  }));
}

export interface StoredCandidate {
  id: string;
  name: string;
  genres?: readonly string[];
}

export interface MatchRow {
  performerKey: string;
  performerName: string;
  artistId: string | null;
  artistName: string | null;
  method: string;
  score: number;
  runnerUp: { id: string; name: string; score: number } | null;
  reason: string;
  tribute: boolean;
  candidates: StoredCandidate[] | null;
  matcherVersion: number;
  manual: boolean;
  decidedAt: Date;
  partKeys: string[] | null;
}

const MATCH_COLUMNS = `performer_key, performer_name, artist_id, artist_name, method, score, runner_up_id, runner_up_name,
  runner_up_score, reason, tribute, candidates, matcher_version, manual, decided_at, part_keys`;

export async function saveMatch(db: Queryable, row: MatchRow): Promise<void> {
  await db.run(
    `INSERT INTO artist_matches (${MATCH_COLUMNS})
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::TIMESTAMPTZ, CAST(from_json(?, '["VARCHAR"]') AS VARCHAR[]))
     ON CONFLICT (performer_key) DO UPDATE SET performer_name = excluded.performer_name, artist_id = excluded.artist_id,
       artist_name = excluded.artist_name, method = excluded.method, score = excluded.score,
       runner_up_id = excluded.runner_up_id, runner_up_name = excluded.runner_up_name,
       runner_up_score = excluded.runner_up_score, reason = excluded.reason, tribute = excluded.tribute,
       candidates = excluded.candidates, matcher_version = excluded.matcher_version, manual = excluded.manual,
       decided_at = excluded.decided_at, part_keys = excluded.part_keys`,
    [
      row.performerKey,
      row.performerName,
      row.artistId,
      row.artistName,
      row.method,
      row.score,
      row.runnerUp?.id ?? null,
      row.runnerUp?.name ?? null,
      row.runnerUp?.score ?? null,
      row.reason,
      row.tribute,
      row.candidates ? JSON.stringify(row.candidates) : null,
      row.matcherVersion,
      row.manual,
      row.decidedAt,
      row.partKeys ? JSON.stringify(row.partKeys) : null,
    ],
  );
}

export function toMatchRow(r: Record<string, unknown>): MatchRow {
  const candidates = r.candidates === null ? null : (JSON.parse(String(r.candidates)) as StoredCandidate[]);
  return {
    performerKey: String(r.performer_key),
    performerName: String(r.performer_name),
    artistId: r.artist_id === null ? null : String(r.artist_id),
    artistName: r.artist_name === null ? null : String(r.artist_name),
    method: String(r.method),
    score: Number(r.score),
    runnerUp:
      r.runner_up_id === null
        ? null
        : { id: String(r.runner_up_id), name: String(r.runner_up_name), score: Number(r.runner_up_score) },
    reason: String(r.reason),
    tribute: Boolean(r.tribute),
    candidates,
    matcherVersion: Number(r.matcher_version),
    manual: Boolean(r.manual),
    decidedAt: r.decided_at as Date,
    partKeys: (r.part_keys as string[] | null) ?? null,
  };
}

export async function getMatch(db: Queryable, performerKey: string): Promise<MatchRow | undefined> {
  const row = await db.one(`SELECT * FROM artist_matches WHERE performer_key = ?`, [performerKey]);
  return row ? toMatchRow(row) : undefined;
}

export async function listMatches(db: Queryable, options: { unmatched?: boolean } = {}): Promise<MatchRow[]> {
  const rows = await db.all(
    `SELECT * FROM artist_matches ${options.unmatched ? "WHERE artist_id IS NULL AND method <> 'split'" : ''}
     ORDER BY performer_name`,
  );
  return rows.map(toMatchRow);
}

/** Which keys are settled: manual, or decided by this matcher version. */
export async function matchStates(
  db: Queryable,
): Promise<Map<string, { manual: boolean; matcherVersion: number; tribute: boolean }>> {
  const rows = await db.all(`SELECT performer_key, manual, matcher_version, tribute FROM artist_matches`);
  return new Map(
    rows.map((r) => [
      String(r.performer_key),
      { manual: Boolean(r.manual), matcherVersion: Number(r.matcher_version), tribute: Boolean(r.tribute) },
    ]),
  );
}

/** Fills event_performers.tribute for every row billed under exactly this name. */
export async function setTribute(db: Queryable, billedName: string, tribute: boolean): Promise<void> {
  await db.run(`UPDATE event_performers SET tribute = ? WHERE name = ? AND tribute IS DISTINCT FROM ?`, [
    tribute,
    billedName,
    tribute,
  ]);
}

// ---------------------------------------------------------------- source links

export async function getLinkCheck(
  db: Queryable,
  artistId: string,
): Promise<{ exists: boolean; name: string | null } | undefined> {
  const row = await db.one(`SELECT exists_on_spotify, name FROM artist_link_checks WHERE artist_id = ?`, [
    artistId,
  ]);
  return row
    ? { exists: Boolean(row.exists_on_spotify), name: row.name === null ? null : String(row.name) }
    : undefined;
}

export async function saveLinkCheck(
  db: Queryable,
  artistId: string,
  check: { exists: boolean; name: string | null },
  now: Date,
): Promise<void> {
  await db.run(
    `INSERT INTO artist_link_checks (artist_id, exists_on_spotify, name, checked_at) VALUES (?, ?, ?, ?::TIMESTAMPTZ)
     ON CONFLICT (artist_id) DO UPDATE SET exists_on_spotify = excluded.exists_on_spotify, name = excluded.name,
       checked_at = excluded.checked_at`,
    [artistId, check.exists, check.name, now],
  );
}

// ---------------------------------------------------------------- listening

/** Plays per artist (any credited position), for one account or all of them. */
export async function artistPlayCounts(db: Queryable, userId?: string | null): Promise<Map<string, number>> {
  const rows = await db.all(
    `SELECT ta.artist_id, count(*)::INTEGER AS n FROM plays p JOIN track_artists ta ON ta.track_id = p.track_id
     ${userId ? 'WHERE p.user_id = ?' : ''} GROUP BY ta.artist_id`,
    userId ? [userId] : [],
  );
  return new Map(rows.map((r) => [String(r.artist_id), Number(r.n)]));
}

/** The account's most-played tracks by an artist, most played first. */
export async function mostPlayedTracksBy(
  db: Queryable,
  artistId: string,
  userId: string | null | undefined,
  limit: number,
): Promise<Array<{ trackId: string; name: string | null; plays: number }>> {
  const rows = await db.all(
    `SELECT p.track_id, any_value(COALESCE(t.name, p.track_name)) AS name, count(*)::INTEGER AS n
     FROM plays p JOIN track_artists ta ON ta.track_id = p.track_id LEFT JOIN tracks t ON t.track_id = p.track_id
     WHERE ta.artist_id = ? ${userId ? 'AND p.user_id = ?' : ''}
     GROUP BY p.track_id ORDER BY n DESC, p.track_id LIMIT ${Math.max(1, Math.floor(limit))}`,
    userId ? [artistId, userId] : [artistId],
  );
  return rows.map((r) => ({
    trackId: String(r.track_id),
    name: r.name === null ? null : String(r.name),
    plays: Number(r.n),
  }));
}

// ---------------------------------------------------------------- picks and features

export interface PickRow {
  trackId: string;
  trackName: string | null;
  source: 'top_tracks' | 'setlist' | 'search' | 'history';
}

/** Artists whose picks were fetched since `since` (the cache): not fetched again. */
export async function freshPickArtists(db: Queryable, since: Date): Promise<Set<string>> {
  const rows = await db.all(
    `SELECT artist_id FROM artist_pick_attempts WHERE fetched_at >= CAST(? AS TIMESTAMPTZ)`,
    [since],
  );
  return new Set(rows.map((r) => String(r.artist_id)));
}

export async function savePicks(
  db: Queryable & { transaction?: unknown },
  artistId: string,
  picks: readonly PickRow[],
  sources: readonly string[],
  now: Date,
): Promise<void> {
  await db.run(`DELETE FROM artist_picks WHERE artist_id = ?`, [artistId]);
  for (const [i, pick] of picks.entries()) {
    await db.run(
      `INSERT INTO artist_picks (artist_id, rank, track_id, track_name, source, fetched_at) VALUES (?, ?, ?, ?, ?, ?::TIMESTAMPTZ)`,
      [artistId, i + 1, pick.trackId, pick.trackName, pick.source, now],
    );
  }
  await db.run(
    `INSERT INTO artist_pick_attempts (artist_id, picked, sources, fetched_at) VALUES (?, ?, ?, ?::TIMESTAMPTZ)
     ON CONFLICT (artist_id) DO UPDATE SET picked = excluded.picked, sources = excluded.sources, fetched_at = excluded.fetched_at`,
    [artistId, picks.length, sources.join(','), now],
  );
}

export async function picksOf(db: Queryable, artistId: string): Promise<Array<PickRow & { rank: number }>> {
  const rows = await db.all(`SELECT * FROM artist_picks WHERE artist_id = ? ORDER BY rank`, [artistId]);
  return rows.map((r) => ({
    rank: Number(r.rank),
    trackId: String(r.track_id),
    trackName: r.track_name === null ? null : String(r.track_name),
    source: r.source as PickRow['source'],
  }));
}

/** Picked tracks that have no audio features stored yet. */
export async function tracksWithoutFeatures(db: Queryable): Promise<string[]> {
  const rows = await db.all(
    `SELECT DISTINCT p.track_id FROM artist_picks p LEFT JOIN track_features f ON f.track_id = p.track_id
     WHERE f.track_id IS NULL ORDER BY p.track_id`,
  );
  return rows.map((r) => String(r.track_id));
}

export interface FeatureRow {
  id: string;
  danceability?: number | null;
  energy?: number | null;
  key?: number | null;
  loudness?: number | null;
  mode?: number | null;
  speechiness?: number | null;
  acousticness?: number | null;
  instrumentalness?: number | null;
  liveness?: number | null;
  valence?: number | null;
  tempo?: number | null;
}

/** The audio-feature columns of `track_features`, in order. */
export const FEATURE_FIELDS = [
  'danceability',
  'energy',
  'key',
  'loudness',
  'mode',
  'speechiness',
  'acousticness',
  'instrumentalness',
  'liveness',
  'valence',
  'tempo',
] as const;

export async function saveFeatures(db: Queryable, features: readonly FeatureRow[], now: Date): Promise<void> {
  for (const f of features) {
    await db.run(
      `INSERT OR REPLACE INTO track_features (track_id, ${FEATURE_FIELDS.join(', ')}, fetched_at)
       VALUES (?, ${FEATURE_FIELDS.map(() => '?').join(', ')}, ?::TIMESTAMPTZ)`,
      [f.id, ...FEATURE_FIELDS.map((k) => f[k] ?? null), now],
    );
  }
}
