import { ConfigError } from '../config/errors.ts';
import { DatabaseLockedError } from '../store/db.ts';
import { UnknownUserError } from '../store/users.ts';
import { redact } from '../util/redact.ts';
import type { AppContext } from '../app/context.ts';

/** A problem the user can fix; printed as its message alone, exit code 2. */
export class UsageError extends Error {}

const USER_FACING = [ConfigError, DatabaseLockedError, UnknownUserError, UsageError];

/**
 * Runs a command body with an opened context and turns errors into one clear line and an
 * exit code: 2 for problems the user can fix, 1 for failures. Never prints a stack trace
 * unless ENCORE_DEBUG is set.
 */
export async function withContext(
  body: (ctx: AppContext) => Promise<number | undefined | void>,
): Promise<void> {
  let ctx: AppContext | undefined;
  let code = 0;
  try {
    // Loaded here, not at the top: every command file imports this module, and the
    // context pulls in the settings schema and the database (`--help` needs neither).
    const { openAppContext } = await import('../app/context.ts');
    ctx = await openAppContext();
    code = (await body(ctx)) ?? 0;
  } catch (error) {
    code = reportError(error);
  } finally {
    await ctx?.close().catch(() => undefined);
  }
  process.exitCode = code;
}

export function reportError(error: unknown): number {
  const userFacing = USER_FACING.some((kind) => error instanceof kind);
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`encore: ${redact(message)}\n`);
  if (process.env.ENCORE_DEBUG && error instanceof Error && error.stack)
    process.stderr.write(`${redact(error.stack)}\n`);
  return userFacing ? 2 : 1;
}
