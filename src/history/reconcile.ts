import type { Queryable } from '../store/db.ts';
import { titleKeySql } from './keys.ts';
import { dropStageSql } from './stage.ts';
import { SOURCE_ACCOUNT, SOURCE_EXTENDED } from './types.ts';

/**
 * Reconciliation of one staged file with the plays already stored, in set-based SQL,
 * run inside the file's transaction. A staged row and a stored play are the same play when:
 *
 * - exact: same track key and same end of play (a repeated import, whatever the source);
 * - both precise (extended export, live capture, encore files) and from different sources:
 *   same track key — or same title (see `titleKeySql`) — and ends at most 10 s apart;
 * - one side is account data (minute resolution, `endTime` = the minute the play ended in,
 *   so the true end lies in [endTime, endTime + 60 s)): same title and the precise end
 *   within [endTime − 10 s, endTime + 70 s) — the minute plus the same 10 s tolerance.
 *   Two account-data rows only ever match exactly.
 *
 * Two rows of the same source never match within a window: the same export never lists
 * one play twice at different times, so near-equal rows there are distinct plays.
 *
 * Each staged row is matched to at most one stored play and vice versa. "Closest" is the
 * end-of-play distance between two precise rows; when one side is account data — whose
 * repeated plays of a track within one minute share that minute — it is the difference in
 * ms_played, so that a skip and a full listen in the same minute pair with the skip and
 * the full listen of the other export, not with each other's. Pairs are chosen in rounds:
 * each round keeps the pairs where each side is the other's closest remaining candidate
 * (ties broken by time, then order), until no pair is left whose two sides are both free.
 * Then:
 * - a match with an extended-export row replaces an account-data play (the extended row
 *   has the id and the exact time): the old row is deleted, the new one inserted;
 * - any other match enriches the stored play: the export's ms_played replaces an
 *   inferred/track-length/missing one (ms_played_source becomes 'export'), missing
 *   fields (skipped, shuffle, platform, names, ids) are filled — nothing else changes;
 * - when both lengths come from exports, the pair keeps the longer one (in either path):
 *   the two exports round a play differently, and the longer never undercounts a listen;
 * - unmatched rows are inserted. (Repeats within the file were dropped while staging.)
 */

export interface TempTables {
  stage: string;
  near: string;
  pairs: string;
  matched: string;
}

export function tempTables(runId: string): TempTables {
  const p = `history_${runId.replace(/[^a-z0-9]/gi, '').slice(0, 12)}`;
  return { stage: `${p}_stage`, near: `${p}_near`, pairs: `${p}_pairs`, matched: `${p}_matched` };
}

export interface MergeCounts {
  /** Rows matched to a stored play of another source (enriched or replaced). */
  merged: number;
  /** Rows matched to a stored play of the same source. */
  alreadyStored: number;
  msReplaced: number;
  added: number;
}

const WINDOW_MS = 10_000;
const COARSE_BEFORE_MS = 10_000;
const COARSE_AFTER_MS = 70_000;

/** Reconciles the staged file with the user's plays; run inside the file's transaction. */
export async function reconcileFile(tx: Queryable, t: TempTables, userId: string): Promise<MergeCounts> {
  const span = await tx.one<{ lo: number | null; hi: number | null; staged: number }>(
    `SELECT epoch_ms(min(played_at)) AS lo, epoch_ms(max(played_at)) AS hi, count(*) AS staged FROM ${t.stage}`,
  );
  const near = await nearbyPlays(tx, t, userId, span);
  // A fresh import of a period with nothing stored yet has nothing to pair: skip the joins.
  await tx.run(near > 0 ? pairsSql(t) : `CREATE OR REPLACE TEMP TABLE ${t.pairs} AS ${EMPTY_PAIRS}`);
  await matchOneToOne(tx, t);
  const c = await countMatches(tx, t, userId);
  if (c.enriched > 0) await tx.run(enrichSql(t), [userId]);
  if (c.replaced > 0) {
    await tx.run(
      `DELETE FROM plays USING ${t.matched} m
       WHERE plays.user_id = ? AND plays.track_key = m.p_key AND plays.played_at = m.p_at AND m.action = 'replace'`,
      [userId],
    );
  }
  await tx.run(insertSql(t, near > 0), [userId]);
  const after = await countPlays(tx, userId);
  // The work tables of a 100k-row file hold tens of MB: free them before the next file.
  await dropTempTables(tx, t);
  const added = after - c.before;
  // Rows with the very key and time of a stored play that matching gave to another row
  // (a rare tie) are not inserted — that would violate the key: count them as stored.
  const inserted = (span?.staged ?? 0) - c.enriched;
  const unplaced = Math.max(0, inserted - c.replaced - added);
  return {
    merged: c.other_source,
    alreadyStored: c.same_source + unplaced,
    msReplaced: c.ms_replaced,
    added,
  };
}

export async function dropTempTables(db: Queryable, t: TempTables): Promise<void> {
  for (const sql of dropStageSql(t.stage)) await db.run(sql);
  for (const table of [t.near, t.pairs, t.matched]) await db.run(`DROP TABLE IF EXISTS ${table}`);
}

const EMPTY_PAIRS = `SELECT CAST(NULL AS INTEGER) AS ord, CAST(NULL AS VARCHAR) AS p_key, CAST(NULL AS TIMESTAMPTZ) AS p_at,
  CAST(NULL AS VARCHAR) AS p_source, CAST(NULL AS BIGINT) AS dt, CAST(NULL AS INTEGER) AS p_ms LIMIT 0`;

/** Copies the user's stored plays around the file's time span (with their title keys); returns how many. */
async function nearbyPlays(
  tx: Queryable,
  t: TempTables,
  userId: string,
  span: { lo: number | null; hi: number | null } | undefined,
): Promise<number> {
  const margin = 3 * 60_000;
  const lo = span?.lo ?? 0;
  const hi = span?.hi ?? -margin * 3; // an empty file selects nothing
  await tx.run(
    `CREATE OR REPLACE TEMP TABLE ${t.near} AS
     SELECT p.track_key, p.played_at, p.source, p.ms_played, ${titleKeySql('p.kind', 'p.track_name')} AS tkey
     FROM plays p
     WHERE p.user_id = ? AND p.played_at >= make_timestamptz(?::BIGINT * 1000)
       AND p.played_at <= make_timestamptz(?::BIGINT * 1000)`,
    [userId, lo - margin, hi + margin],
  );
  return (await tx.one<{ n: number }>(`SELECT count(*) AS n FROM ${t.near}`))?.n ?? 0;
}

type MatchCounts = Record<
  'same_source' | 'other_source' | 'enriched' | 'replaced' | 'ms_replaced' | 'before',
  number
>;

async function countMatches(tx: Queryable, t: TempTables, userId: string): Promise<MatchCounts> {
  const row = await tx.one<MatchCounts>(
    `SELECT
       count(*) FILTER (WHERE p_source = c_source) AS same_source,
       count(*) FILTER (WHERE p_source <> c_source) AS other_source,
       count(*) FILTER (WHERE action = 'enrich') AS enriched,
       count(*) FILTER (WHERE action = 'replace') AS replaced,
       (SELECT count(*) FROM ${t.matched} m JOIN ${t.stage} c ON c.ord = m.ord
          JOIN plays p ON p.user_id = ? AND p.track_key = m.p_key AND p.played_at = m.p_at
          WHERE m.action = 'enrich' AND ${UPGRADE}) AS ms_replaced
     FROM ${t.matched}`,
    [userId],
  );
  return { ...(row as MatchCounts), before: await countPlays(tx, userId) };
}

async function countPlays(tx: Queryable, userId: string): Promise<number> {
  return (await tx.one<{ n: number }>('SELECT count(*) AS n FROM plays WHERE user_id = ?', [userId]))?.n ?? 0;
}

/**
 * Every (staged row, stored play) that may be the same play. Window joins go through
 * one-minute buckets (the row's bucket ± 2 covers every window) so that DuckDB hash-joins
 * on (key, bucket) instead of comparing every play of a popular track with every other.
 * An account-data row's window starts at its minute (`endTime`; repeats were spread by seconds).
 */
function pairsSql(t: TempTables): string {
  return `CREATE OR REPLACE TEMP TABLE ${t.pairs} AS
    WITH offsets AS (
      SELECT * FROM (VALUES (-2), (-1), (0), (1), (2)) AS o(off)
    ), near_buckets AS (
      SELECT DISTINCT epoch_ms(played_at) // 60000 + off AS bucket FROM ${t.near} CROSS JOIN offsets
    ), c AS (
      SELECT ord, key, ${titleKeySql('kind', 'track_name')} AS tkey, played_at, source, ms_played,
        source = '${SOURCE_ACCOUNT}' AS coarse, epoch_ms(played_at) AS ms,
        epoch_ms(date_trunc('minute', played_at)) AS t0ms
      FROM ${t.stage}
      -- Only rows with a stored play within two minutes can pair: the title key (Unicode
      -- normalisation, regex) and the window joins are then paid for a file's edges only.
      WHERE epoch_ms(played_at) // 60000 IN (SELECT bucket FROM near_buckets)
    ), n AS (
      SELECT track_key, played_at, source, tkey, ms_played, source = '${SOURCE_ACCOUNT}' AS coarse,
        epoch_ms(played_at) AS ms, epoch_ms(date_trunc('minute', played_at)) AS t0ms,
        epoch_ms(played_at) // 60000 AS bucket
      FROM ${t.near}
    ), cb AS (
      SELECT c.*, c.ms // 60000 + o.off AS bucket FROM c CROSS JOIN offsets AS o
    ), exact AS (
      SELECT c.ord, n.track_key AS p_key, n.played_at AS p_at, n.source AS p_source, CAST(0 AS BIGINT) AS dt,
        n.ms_played AS p_ms
      FROM c JOIN n ON n.track_key = c.key AND n.played_at = c.played_at
    ), by_key AS (
      SELECT cb.ord, n.track_key, n.played_at, n.source, abs(n.ms - cb.ms) AS dt, n.ms_played
      FROM cb JOIN n ON n.bucket = cb.bucket AND n.track_key = cb.key
      WHERE n.source <> cb.source AND NOT cb.coarse AND NOT n.coarse AND abs(n.ms - cb.ms) <= ${WINDOW_MS}
    ), by_title AS (
      SELECT cb.ord, n.track_key, n.played_at, n.source,
        CASE WHEN cb.coarse THEN coalesce(abs(n.ms_played - cb.ms_played), abs(n.ms - (cb.t0ms + 30000)))
             WHEN n.coarse THEN coalesce(abs(n.ms_played - cb.ms_played), abs(cb.ms - (n.t0ms + 30000)))
             ELSE abs(n.ms - cb.ms) END AS dt,
        n.ms_played
      FROM cb JOIN n ON n.bucket = cb.bucket AND n.tkey = cb.tkey
      WHERE n.source <> cb.source AND NOT (cb.coarse AND n.coarse) AND CASE
        WHEN cb.coarse THEN n.ms >= cb.t0ms - ${COARSE_BEFORE_MS} AND n.ms < cb.t0ms + ${COARSE_AFTER_MS}
        WHEN n.coarse THEN cb.ms >= n.t0ms - ${COARSE_BEFORE_MS} AND cb.ms < n.t0ms + ${COARSE_AFTER_MS}
        ELSE abs(n.ms - cb.ms) <= ${WINDOW_MS} END
    )
    SELECT ord, p_key, p_at, any_value(p_source) AS p_source, min(dt) AS dt, any_value(p_ms) AS p_ms
    FROM (SELECT * FROM exact UNION ALL SELECT * FROM by_key UNION ALL SELECT * FROM by_title)
    GROUP BY ord, p_key, p_at`;
}

/** More rounds than this means a pathological file; the pairs left over are then not merged. */
const MAX_ROUNDS = 50;

/** One-to-one pairing in rounds of mutual closest choices among the sides still free. */
async function matchOneToOne(tx: Queryable, t: TempTables): Promise<void> {
  await tx.run(`CREATE OR REPLACE TEMP TABLE ${t.matched} AS ${mutualSql(t, false)}`);
  let matched = await countRows(tx, t.matched);
  for (let round = 1; round < MAX_ROUNDS; round++) {
    // Only a pair with both sides unmatched can still be chosen; none left ends the rounds.
    const open = await tx.one<{ n: number }>(`SELECT count(*) AS n FROM ${FREE_PAIRS(t)}`);
    if ((open?.n ?? 0) === 0) return;
    await tx.run(`INSERT INTO ${t.matched} ${mutualSql(t, true)}`);
    const now = await countRows(tx, t.matched);
    if (now === matched) return;
    matched = now;
  }
}

async function countRows(tx: Queryable, table: string): Promise<number> {
  return (await tx.one<{ n: number }>(`SELECT count(*) AS n FROM ${table}`))?.n ?? 0;
}

const FREE_PAIRS = (t: TempTables) => `${t.pairs} x
  WHERE NOT EXISTS (SELECT 1 FROM ${t.matched} m WHERE m.ord = x.ord)
    AND NOT EXISTS (SELECT 1 FROM ${t.matched} m WHERE m.p_key = x.p_key AND m.p_at = x.p_at)`;

/** The pairs where each side is the other's closest candidate (among free sides after round 1). */
function mutualSql(t: TempTables, freeOnly: boolean): string {
  return `SELECT pr.ord, pr.p_key, pr.p_at, pr.p_source, pr.p_ms, c.source AS c_source,
      CASE WHEN pr.p_source = '${SOURCE_ACCOUNT}' AND c.source = '${SOURCE_EXTENDED}'
            AND (pr.p_key <> c.key OR pr.p_at <> c.played_at)
        THEN 'replace' ELSE 'enrich' END AS action
    FROM (
      SELECT x.*, row_number() OVER (PARTITION BY x.ord ORDER BY x.dt, x.p_at, x.p_key) AS rc,
        row_number() OVER (PARTITION BY x.p_key, x.p_at ORDER BY x.dt, x.ord) AS rp
      FROM ${freeOnly ? FREE_PAIRS(t) : `${t.pairs} x`}
    ) pr JOIN ${t.stage} c ON c.ord = pr.ord
    WHERE pr.rc = 1 AND pr.rp = 1`;
}

/**
 * The export's play length wins over one that live capture could only guess, and between
 * two export lengths of one play the longer is kept.
 */
const UPGRADE = `(c.ms_played IS NOT NULL AND c.ms_played_source = 'export'
  AND (p.ms_played_source IS NULL OR p.ms_played_source IN ('inferred', 'track_length')
    OR (p.ms_played_source = 'export' AND (p.ms_played IS NULL OR c.ms_played > p.ms_played))))`;

const FILLED = [
  'track_id',
  'track_name',
  'artist_name',
  'album_name',
  'context_uri',
  'skipped',
  'shuffle',
  'platform',
];

function enrichSql(t: TempTables): string {
  const fills = FILLED.map((col) => `${col} = COALESCE(p.${col}, c.${col})`).join(',\n      ');
  const changes = FILLED.map((col) => `(p.${col} IS NULL AND c.${col} IS NOT NULL)`).join(' OR ');
  return `UPDATE plays AS p SET
      ms_played = CASE WHEN ${UPGRADE} THEN c.ms_played ELSE p.ms_played END,
      ms_played_source = CASE WHEN ${UPGRADE} THEN c.ms_played_source ELSE p.ms_played_source END,
      ${fills}
    FROM ${t.matched} m JOIN ${t.stage} c ON c.ord = m.ord
    WHERE p.user_id = ? AND p.track_key = m.p_key AND p.played_at = m.p_at AND m.action = 'enrich'
      AND (${UPGRADE} OR ${changes})`;
}

/**
 * Unmatched rows (and rows replacing account-data plays, keeping the longer length). A
 * plain INSERT — cheaper than ON CONFLICT on the key index — made safe by leaving out any
 * row whose exact key and time is already stored (an exact pair), which is the only way it
 * could collide.
 */
function insertSql(t: TempTables, paired: boolean): string {
  const from = paired
    ? `${t.stage} c LEFT JOIN ${t.matched} m ON m.ord = c.ord
      WHERE (m.ord IS NULL OR m.action = 'replace')
      AND NOT EXISTS (SELECT 1 FROM ${t.pairs} x WHERE x.ord = c.ord AND x.p_key = c.key AND x.p_at = c.played_at)`
    : `${t.stage} c`;
  const ms = paired
    ? `CASE WHEN c.ms_played IS NULL OR m.p_ms > c.ms_played THEN coalesce(m.p_ms, c.ms_played) ELSE c.ms_played END`
    : 'c.ms_played';
  // A length taken over from the replaced account-data play is an export length too.
  const msSource = paired
    ? `CASE WHEN c.ms_played IS NULL AND m.p_ms IS NOT NULL THEN 'export' ELSE c.ms_played_source END`
    : 'c.ms_played_source';
  return `INSERT INTO plays (user_id, track_key, played_at, track_id, kind, track_name, artist_name, album_name,
      ms_played, ms_played_source, context_uri, source, skipped, shuffle, platform)
    SELECT ?, c.key, c.played_at, c.track_id, c.kind, c.track_name, c.artist_name, c.album_name,
      ${ms}, ${msSource}, c.context_uri, c.source, c.skipped, c.shuffle, c.platform
    FROM ${from}`;
}
