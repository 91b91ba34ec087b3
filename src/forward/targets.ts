import { randomBytes } from 'node:crypto';
import type { Queryable } from '../store/db.ts';
import type { ForwardKind } from './types.ts';

/** A forward target as stored; the secret stays encrypted until a client needs it. */
export interface ForwardTarget {
  targetId: string;
  userId: string;
  kind: ForwardKind;
  remoteUser: string;
  secretEnc: string;
  enabled: boolean;
  state: 'ok' | 'auth_failed';
  stateReason: string | null;
  sinceMs: number;
}

export interface TargetSummary extends ForwardTarget {
  deliveredCount: number;
  lastDeliveryAt: Date | null;
  deadLetters: number;
  inFlight: boolean;
}

const ms = (sql: string) => `make_timestamptz(${sql}::BIGINT * 1000)`;

function toTarget(r: Record<string, unknown>): ForwardTarget {
  return {
    targetId: r.target_id as string,
    userId: r.user_id as string,
    kind: r.kind as ForwardKind,
    remoteUser: r.remote_user as string,
    secretEnc: r.secret_enc as string,
    enabled: r.enabled as boolean,
    state: r.state as ForwardTarget['state'],
    stateReason: (r.state_reason as string | null) ?? null,
    sinceMs: (r.since as Date).getTime(),
  };
}

/**
 * Adds a target, or — when the account already has one of this kind — gives it the new secret
 * and enables it again (the way out of `auth_failed`). The ledger stays, so nothing is re-sent.
 */
export async function saveTarget(
  db: Queryable,
  input: { userId: string; kind: ForwardKind; remoteUser: string; secretEnc: string; sinceMs: number },
  nowMs: number,
): Promise<{ targetId: string; created: boolean }> {
  const existing = await db.one<{ target_id: string }>(
    'SELECT target_id FROM forward_targets WHERE user_id = ? AND kind = ?',
    [input.userId, input.kind],
  );
  if (existing) {
    await db.run(
      `UPDATE forward_targets SET remote_user = ?, secret_enc = ?, enabled = true, state = 'ok',
         state_reason = NULL, updated_at = ${ms('?')} WHERE target_id = ?`,
      [input.remoteUser, input.secretEnc, nowMs, existing.target_id],
    );
    return { targetId: existing.target_id, created: false };
  }
  const targetId = `fwd_${randomBytes(4).toString('hex')}`;
  await db.run(
    `INSERT INTO forward_targets (target_id, user_id, kind, remote_user, secret_enc, since, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ${ms('?')}, ${ms('?')}, ${ms('?')})`,
    [targetId, input.userId, input.kind, input.remoteUser, input.secretEnc, input.sinceMs, nowMs, nowMs],
  );
  await db.run(`INSERT INTO forward_cursor (target_id, updated_at) VALUES (?, ${ms('?')})`, [
    targetId,
    nowMs,
  ]);
  return { targetId, created: true };
}

export async function listTargets(db: Queryable, userId?: string): Promise<TargetSummary[]> {
  const rows = await db.all(
    `SELECT t.*, c.delivered_count, c.last_delivery_at, c.in_flight IS NOT NULL AS in_flight,
       (SELECT count(*) FROM forward_dead_letters d WHERE d.target_id = t.target_id) AS dead_letters
     FROM forward_targets t LEFT JOIN forward_cursor c USING (target_id)
     ${userId ? 'WHERE t.user_id = ?' : ''} ORDER BY t.user_id, t.kind`,
    userId ? [userId] : [],
  );
  return rows.map((r) => ({
    ...toTarget(r),
    deliveredCount: Number(r.delivered_count ?? 0),
    lastDeliveryAt: (r.last_delivery_at as Date | null) ?? null,
    deadLetters: Number(r.dead_letters ?? 0),
    inFlight: Boolean(r.in_flight),
  }));
}

/** The target of this account named by id or by kind (`listenbrainz`, `lastfm`). */
export async function findTarget(
  db: Queryable,
  userId: string,
  idOrKind: string,
): Promise<ForwardTarget | undefined> {
  const row = await db.one(
    'SELECT * FROM forward_targets WHERE user_id = ? AND (target_id = ? OR kind = ?)',
    [userId, idOrKind, idOrKind],
  );
  return row ? toTarget(row) : undefined;
}

/** An invalid token or session: the target stops until `encore forward add` gives it a new one. */
export async function disableTarget(
  db: Queryable,
  targetId: string,
  reason: string,
  nowMs: number,
): Promise<void> {
  await db.run(
    `UPDATE forward_targets SET enabled = false, state = 'auth_failed', state_reason = ?, updated_at = ${ms('?')}
     WHERE target_id = ?`,
    [reason, nowMs, targetId],
  );
}

/** Moves where forwarding starts (`forward run --since`): older plays not yet sent become due. */
export async function moveSince(
  db: Queryable,
  targetId: string,
  sinceMs: number,
  nowMs: number,
): Promise<void> {
  await db.run(`UPDATE forward_targets SET since = ${ms('?')}, updated_at = ${ms('?')} WHERE target_id = ?`, [
    sinceMs,
    nowMs,
    targetId,
  ]);
}

export async function removeTarget(db: Queryable, targetId: string): Promise<void> {
  for (const table of ['forward_dead_letters', 'forward_delivered', 'forward_cursor', 'forward_targets'])
    await db.run(`DELETE FROM ${table} WHERE target_id = ?`, [targetId]);
}
