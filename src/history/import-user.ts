import type { Queryable } from '../store/db.ts';
import { listUsers, resolveUser, UnknownUserError, upsertUser } from '../store/users.ts';

/**
 * Whose history an import is. An export can be imported before any account is connected:
 * with `--user <spotify user id>` and no account at all, the user row is created (the
 * later `encore connect` of that account then finds its history already there). With
 * accounts connected, `--user` must name one of them, so a typo never starts a new user.
 */
export async function resolveImportUser(db: Queryable, wanted: string | undefined): Promise<string> {
  const users = await listUsers(db);
  if (users.length === 0) {
    if (!wanted) {
      throw new UnknownUserError(
        'No account is connected yet. Pass --user <your Spotify user id> to import before connecting, or run `encore connect` first.',
      );
    }
    await upsertUser(db, { userId: wanted });
    return wanted;
  }
  return (await resolveUser(db, wanted)).user_id;
}
