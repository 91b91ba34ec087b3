import type { Queryable } from './db.ts';
import { NotFoundError } from '../util/errors.ts';

export interface UserRow {
  user_id: string;
  display_name: string | null;
  time_zone: string | null;
  created_at: Date;
}

export async function listUsers(db: Queryable): Promise<UserRow[]> {
  return db.all<UserRow & Record<string, unknown>>(
    'SELECT user_id, display_name, time_zone, created_at FROM users ORDER BY created_at, user_id',
  );
}

export async function findUser(db: Queryable, userId: string): Promise<UserRow | undefined> {
  return db.one<UserRow & Record<string, unknown>>(
    'SELECT user_id, display_name, time_zone, created_at FROM users WHERE user_id = ?',
    [userId],
  );
}

export async function upsertUser(
  db: Queryable,
  user: { userId: string; displayName?: string | null; timeZone?: string | null },
): Promise<void> {
  await db.run(
    `INSERT INTO users (user_id, display_name, time_zone) VALUES (?, ?, ?)
     ON CONFLICT (user_id) DO UPDATE SET
       display_name = COALESCE(excluded.display_name, users.display_name),
       time_zone = COALESCE(excluded.time_zone, users.time_zone),
       updated_at = now()`,
    [user.userId, user.displayName ?? null, user.timeZone ?? null],
  );
}

/** A user-facing problem with the --user option. */
export class UnknownUserError extends NotFoundError {
  readonly code = 'unknown_user';
}

/**
 * Resolves a `--user` option: an exact id or display name; with no option, the only
 * connected account (several accounts need an explicit choice).
 */
export async function resolveUser(db: Queryable, wanted: string | undefined): Promise<UserRow> {
  const users = await listUsers(db);
  if (wanted) {
    const found =
      users.find((u) => u.user_id === wanted) ??
      users.find((u) => u.display_name?.toLowerCase() === wanted.toLowerCase());
    if (!found) {
      const known = users.map((u) => u.user_id).join(', ') || 'none';
      throw new UnknownUserError(`No account "${wanted}". Connected accounts: ${known}.`);
    }
    return found;
  }
  if (users.length === 1) return users[0]!;
  if (users.length === 0)
    throw new UnknownUserError('No account is connected yet. Run `encore connect` first.');
  throw new UnknownUserError(
    `Several accounts are connected (${users.map((u) => u.user_id).join(', ')}); choose one with --user.`,
  );
}
