/**
 * When an artist counts as "loved": at least N plays or at least M minutes of listening.
 * The defaults come from ENCORE_ALERT_MIN_PLAYS / ENCORE_ALERT_MIN_MINUTES; a user's own
 * setting (`encore alerts set`) replaces both.
 */
import type { Queryable } from '../store/db.ts';

export interface AlertThreshold {
  /** null = plays do not make an artist loved. */
  minPlays: number | null;
  minMinutes: number | null;
}

export interface ArtistListening {
  plays: number;
  minutes: number;
}

export function isLoved(listening: ArtistListening, threshold: AlertThreshold): boolean {
  const byPlays = threshold.minPlays !== null && listening.plays >= threshold.minPlays;
  const byMinutes = threshold.minMinutes !== null && listening.minutes >= threshold.minMinutes;
  return byPlays || byMinutes;
}

/** Both measures off means the user turned alerts off. */
export function alertsEnabled(threshold: AlertThreshold): boolean {
  return threshold.minPlays !== null || threshold.minMinutes !== null;
}

export async function saveThreshold(
  db: Queryable,
  userId: string,
  threshold: AlertThreshold,
  now: Date,
): Promise<void> {
  await db.run(
    `INSERT INTO alert_settings (user_id, min_plays, min_minutes, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (user_id) DO UPDATE SET min_plays = excluded.min_plays, min_minutes = excluded.min_minutes,
       updated_at = excluded.updated_at`,
    [userId, threshold.minPlays, threshold.minMinutes, now],
  );
}

/** The user's own threshold, or the configured defaults when they never set one. */
export async function effectiveThreshold(
  db: Queryable,
  userId: string,
  defaults: AlertThreshold,
): Promise<{ threshold: AlertThreshold; own: boolean }> {
  const row = await db.one<{ min_plays: number | null; min_minutes: number | null }>(
    'SELECT min_plays, min_minutes FROM alert_settings WHERE user_id = ?',
    [userId],
  );
  if (!row) return { threshold: defaults, own: false };
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return { threshold: { minPlays: num(row.min_plays), minMinutes: num(row.min_minutes) }, own: true };
}

export function describeThreshold(threshold: AlertThreshold): string {
  const parts = [
    threshold.minPlays !== null ? `${threshold.minPlays} streams` : null,
    threshold.minMinutes !== null ? `${threshold.minMinutes} minutes` : null,
  ].filter(Boolean);
  return parts.length ? `at least ${parts.join(' or ')}` : 'off';
}
