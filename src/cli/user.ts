import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { resolveUser, type UserRow } from '../store/users.ts';
import type { AppContext } from '../app/context.ts';

/**
 * The account a command acts for: `--user` (account id, or display name in any case),
 * else ENCORE_DEFAULT_USER, else the only connected account.
 */
export function commandUser(
  ctx: Pick<AppContext, 'db' | 'config'>,
  wanted: string | undefined,
): Promise<UserRow> {
  return resolveUser(ctx.db, wanted ?? ctx.config.defaultUser);
}

/** Where an export goes without `--out`: `<data folder>/exports/<name>`, never the current directory. */
export function defaultExportPath(ctx: Pick<AppContext, 'config'>, fileName: string): string {
  const dir = join(ctx.config.dataDir, 'exports');
  mkdirSync(dir, { recursive: true });
  return join(dir, fileName);
}
