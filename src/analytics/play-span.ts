/** When an account's listening starts, and which years hold any: for range and year pickers. */
import type { Queryable } from '../store/db.ts';

/** The first stored play of an account (the "All time" range starts there), or null. */
export async function firstPlayAt(db: Queryable, userId: string): Promise<number | null> {
  const row = await db.one<{ first: Date | null }>(
    'SELECT min(played_at) AS first FROM plays WHERE user_id = ?',
    [userId],
  );
  return row?.first ? row.first.getTime() : null;
}

/** The local calendar years with plays, newest first. */
export async function yearsWithPlays(db: Queryable, userId: string, timeZone: string): Promise<number[]> {
  const rows = await db.all<{ y: number }>(
    `SELECT DISTINCT year(played_at AT TIME ZONE ?) AS y FROM plays WHERE user_id = ? ORDER BY y DESC`,
    [timeZone, userId],
  );
  return rows.map((r) => Number(r.y));
}
