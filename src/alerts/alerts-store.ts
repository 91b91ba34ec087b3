/** alerts_sent: one row per (user, show) once the alert was delivered. */
import type { Queryable } from '../store/db.ts';

/** A loved artist on a show's bill, as an alert names it. */
export interface AlertArtist {
  id: string;
  name: string;
  plays: number;
  minutes: number;
}

export type AlertChannel = 'webhook' | 'local';

export interface SentAlert {
  userId: string;
  eventKey: string;
  artists: AlertArtist[];
  channel: AlertChannel;
  sentAt: string;
  dismissedAt: string | null;
}

export async function sentEventKeys(db: Queryable, userId: string): Promise<Set<string>> {
  const rows = await db.all<{ event_key: string }>('SELECT event_key FROM alerts_sent WHERE user_id = ?', [
    userId,
  ]);
  return new Set(rows.map((r) => r.event_key));
}

/** Idempotent: a second marker for the same show changes nothing. */
export async function markSent(
  db: Queryable,
  alert: { userId: string; eventKey: string; artists: AlertArtist[]; channel: AlertChannel },
  now: Date,
): Promise<void> {
  await db.run(
    `INSERT INTO alerts_sent (user_id, event_key, artists_json, channel, sent_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (user_id, event_key) DO NOTHING`,
    [alert.userId, alert.eventKey, JSON.stringify(alert.artists), alert.channel, now],
  );
}

/** The alerts the user has not dismissed yet, in the order they were sent. */
export async function undismissedAlerts(db: Queryable, userId: string): Promise<SentAlert[]> {
  const rows = await db.all(
    `SELECT * FROM alerts_sent WHERE user_id = ? AND dismissed_at IS NULL ORDER BY sent_at, event_key`,
    [userId],
  );
  return rows.map((r) => ({
    userId: String(r.user_id),
    eventKey: String(r.event_key),
    artists: JSON.parse(String(r.artists_json)) as AlertArtist[],
    channel: r.channel as AlertChannel,
    sentAt: r.sent_at instanceof Date ? r.sent_at.toISOString() : String(r.sent_at),
    dismissedAt: null,
  }));
}

/** Dismisses some (or, without keys, all) of the user's open alerts; returns how many. */
export async function dismissAlerts(
  db: Queryable,
  userId: string,
  now: Date,
  eventKeys?: readonly string[],
): Promise<number> {
  const open = await undismissedAlerts(db, userId);
  const keys = open.map((a) => a.eventKey).filter((k) => !eventKeys || eventKeys.includes(k));
  if (keys.length === 0) return 0;
  await db.run(
    `UPDATE alerts_sent SET dismissed_at = ?
     WHERE user_id = ? AND dismissed_at IS NULL AND event_key IN (SELECT unnest(from_json(?, '["VARCHAR"]')))`,
    [now, userId, JSON.stringify(keys)],
  );
  return keys.length;
}
