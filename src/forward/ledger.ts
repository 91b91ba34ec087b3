import type { Db, Queryable } from '../store/db.ts';
import type { ForwardPlay, PlayRef } from './types.ts';

const ms = (sql: string) => `make_timestamptz(${sql}::BIGINT * 1000)`;
const epochMs = (column: string) => `(epoch_us(${column}) // 1000)`;

/**
 * The plays due for a target, oldest first: tracks (not episodes) of its account that ended at
 * or after `since`, not yet delivered, and not dead letters (unless queued for a retry).
 */
export async function pendingPlays(
  db: Queryable,
  target: { targetId: string; userId: string; sinceMs: number },
  limit: number,
): Promise<ForwardPlay[]> {
  const rows = await db.all(
    `SELECT p.user_id, p.track_key, ${epochMs('p.played_at')} AS played_ms, p.track_id,
       coalesce(t.name, p.track_name) AS track_name,
       coalesce(p.artist_name, (SELECT a.name FROM track_artists ta JOIN artists a USING (artist_id)
                                WHERE ta.track_id = p.track_id ORDER BY ta.position LIMIT 1)) AS artist_name,
       coalesce(al.name, p.album_name) AS album_name, p.ms_played, t.duration_ms
     FROM plays p
     LEFT JOIN tracks t ON t.track_id = p.track_id
     LEFT JOIN albums al ON al.album_id = t.album_id
     WHERE p.user_id = ? AND p.kind = 'track' AND p.played_at >= ${ms('?')}
       AND NOT EXISTS (SELECT 1 FROM forward_delivered d WHERE d.target_id = ? AND d.user_id = p.user_id
                       AND d.track_key = p.track_key AND d.played_at = p.played_at)
       AND NOT EXISTS (SELECT 1 FROM forward_dead_letters x WHERE x.target_id = ? AND x.user_id = p.user_id
                       AND x.track_key = p.track_key AND x.played_at = p.played_at AND NOT x.retry)
     ORDER BY p.played_at, p.track_key LIMIT ${Math.max(1, Math.floor(limit))}`,
    [target.userId, target.sinceMs, target.targetId, target.targetId],
  );
  return rows.map((r) => ({
    userId: r.user_id as string,
    trackKey: r.track_key as string,
    playedAtMs: Number(r.played_ms),
    trackId: (r.track_id as string | null) ?? null,
    trackName: (r.track_name as string | null) ?? null,
    artistName: (r.artist_name as string | null) ?? null,
    albumName: (r.album_name as string | null) ?? null,
    msPlayed: (r.ms_played as number | null) ?? null,
    durationMs: (r.duration_ms as number | null) ?? null,
  }));
}

/**
 * Written before a batch is sent (the plays as sent, so the target can be asked about exactly
 * them): if the process dies before the answer, the next run reconciles instead of re-sending.
 * `null` clears it (the batch was answered, or certainly not stored).
 */
export async function markInFlight(
  db: Queryable,
  targetId: string,
  plays: ForwardPlay[] | null,
  nowMs: number,
): Promise<void> {
  await db.run(
    `UPDATE forward_cursor SET in_flight = ?, in_flight_since = CASE WHEN ? THEN ${ms('?')} END,
       updated_at = ${ms('?')} WHERE target_id = ?`,
    [plays ? JSON.stringify(plays) : null, plays !== null, nowMs, nowMs, targetId],
  );
}

export async function readInFlight(db: Queryable, targetId: string): Promise<ForwardPlay[]> {
  const row = await db.one<{ in_flight: string | null }>(
    'SELECT in_flight FROM forward_cursor WHERE target_id = ?',
    [targetId],
  );
  return row?.in_flight ? (JSON.parse(row.in_flight) as ForwardPlay[]) : [];
}

export interface BatchOutcome {
  delivered: PlayRef[];
  rejected: Array<PlayRef & { reason: string }>;
}

/** One transaction per answered batch: ledger rows, dead letters, the cursor; in-flight cleared. */
export async function recordBatch(
  db: Db,
  targetId: string,
  outcome: BatchOutcome,
  nowMs: number,
): Promise<void> {
  await db.transaction(async (tx) => {
    // One statement per 500 plays: a batch of 1000 listens is recorded in milliseconds.
    for (let i = 0; i < outcome.delivered.length; i += 500) {
      const chunk = outcome.delivered.slice(i, i + 500);
      await tx.run(
        `INSERT INTO forward_delivered VALUES ${chunk.map(() => `(?, ?, ?, ${ms('?')}, ${ms('?')})`).join(', ')}
         ON CONFLICT DO NOTHING`,
        chunk.flatMap((p) => [targetId, p.userId, p.trackKey, p.playedAtMs, nowMs]),
      );
    }
    // Only plays queued for a retry can be both dead letters and delivered.
    await tx.run(
      `DELETE FROM forward_dead_letters x WHERE x.target_id = ? AND x.retry AND EXISTS (
         SELECT 1 FROM forward_delivered d WHERE d.target_id = x.target_id AND d.user_id = x.user_id
           AND d.track_key = x.track_key AND d.played_at = x.played_at)`,
      [targetId],
    );
    for (const p of outcome.rejected) await addDeadLetter(tx, targetId, p, p.reason, nowMs);
    const latest = Math.max(0, ...outcome.delivered.map((p) => p.playedAtMs));
    await tx.run(
      `UPDATE forward_cursor SET in_flight = NULL, in_flight_since = NULL,
         delivered_count = delivered_count + ?,
         last_delivery_at = CASE WHEN ? > 0 THEN ${ms('?')} ELSE last_delivery_at END,
         high_water_played = CASE WHEN ? > 0 THEN greatest(coalesce(high_water_played, ${ms('?')}), ${ms('?')})
                                  ELSE high_water_played END,
         updated_at = ${ms('?')} WHERE target_id = ?`,
      [outcome.delivered.length, outcome.delivered.length, nowMs, latest, latest, latest, nowMs, targetId],
    );
  });
}

async function addDeadLetter(tx: Queryable, targetId: string, p: PlayRef, reason: string, nowMs: number) {
  await tx.run(
    `INSERT INTO forward_dead_letters (target_id, user_id, track_key, played_at, error, attempts, last_attempt, retry)
     VALUES (?, ?, ?, ${ms('?')}, ?, 1, ${ms('?')}, false)
     ON CONFLICT DO UPDATE SET error = excluded.error, attempts = forward_dead_letters.attempts + 1,
       last_attempt = excluded.last_attempt, retry = false`,
    [targetId, p.userId, p.trackKey, p.playedAtMs, reason.slice(0, 500), nowMs],
  );
}

export interface DeadLetter extends PlayRef {
  targetId: string;
  trackName: string | null;
  artistName: string | null;
  error: string;
  attempts: number;
  lastAttempt: Date;
  retry: boolean;
}

export async function listDeadLetters(db: Queryable, targetId: string, limit = 100): Promise<DeadLetter[]> {
  const rows = await db.all(
    `SELECT d.*, ${epochMs('d.played_at')} AS played_ms, p.track_name, p.artist_name
     FROM forward_dead_letters d LEFT JOIN plays p USING (user_id, track_key, played_at)
     WHERE d.target_id = ? ORDER BY d.played_at LIMIT ${Math.max(1, Math.floor(limit))}`,
    [targetId],
  );
  return rows.map((r) => ({
    targetId: r.target_id as string,
    userId: r.user_id as string,
    trackKey: r.track_key as string,
    playedAtMs: Number(r.played_ms),
    trackName: (r.track_name as string | null) ?? null,
    artistName: (r.artist_name as string | null) ?? null,
    error: r.error as string,
    attempts: Number(r.attempts),
    lastAttempt: r.last_attempt as Date,
    retry: r.retry as boolean,
  }));
}

/** Queues a target's dead letters for the next run; returns how many. */
export async function queueDeadLetters(db: Queryable, targetId: string): Promise<number> {
  const row = await db.one<{ n: number }>(
    'SELECT count(*) AS n FROM forward_dead_letters WHERE target_id = ? AND NOT retry',
    [targetId],
  );
  await db.run('UPDATE forward_dead_letters SET retry = true WHERE target_id = ?', [targetId]);
  return Number(row?.n ?? 0);
}
