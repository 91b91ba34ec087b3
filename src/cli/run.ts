import { DatabaseLockedError } from '../store/db.ts';
import { InputError, UserError } from '../util/errors.ts';
import { redact } from '../util/redact.ts';
import type { AppContext } from '../app/context.ts';
import { lentRun } from './lent.ts';

/** A problem the user can fix; printed as its message alone, exit code 2. */
export class UsageError extends InputError {
  readonly code = 'usage';
}

/**
 * Runs a command body with an opened context and turns errors into one clear line and an
 * exit code: 2 for problems the user can fix, 1 for failures. Never prints a stack trace
 * unless ENCORE_DEBUG is set.
 *
 * When `encore serve` holds the database, the whole command runs in that server instead
 * (src/control/) and this process only relays its output and exit code. Inside the
 * server the command gets the server's context, which it must not close.
 */
export async function withContext(
  body: (ctx: AppContext) => Promise<number | undefined | void>,
  options: ContextOptions = {},
): Promise<void> {
  const lent = lentRun()?.ctx;
  let ctx: AppContext | undefined;
  let code = 0;
  try {
    const opened = lent ? { ctx: lent } : await openOrForward(options);
    if ('ctx' in opened) {
      ctx = opened.ctx;
      code = (await body(ctx)) ?? 0;
    } else code = opened.forwardedExitCode;
  } catch (error) {
    code = reportError(error);
  } finally {
    if (!lent) await ctx?.close().catch(() => undefined);
  }
  process.exitCode = code;
}

export interface ContextOptions {
  /** The message (exit code 2) when there is no database file yet, instead of creating one. */
  missingDatabase?: (path: string) => string;
}

async function openOrForward(
  options: ContextOptions,
): Promise<{ ctx: AppContext } | { forwardedExitCode: number }> {
  // Loaded here, not at the top: every command file imports this module, and the
  // context pulls in the settings schema and the database (`--help` needs neither).
  const { loadConfig } = await import('../config/config.ts');
  const { openAppContext } = await import('../app/context.ts');
  const config = loadConfig();
  if (options.missingDatabase) {
    const { existsSync } = await import('node:fs');
    if (!existsSync(config.dbPath)) throw new UsageError(options.missingDatabase(config.dbPath));
  }
  try {
    return { ctx: await openAppContext({ config }) };
  } catch (error) {
    if (!(error instanceof DatabaseLockedError)) throw error;
    const { runThroughServe } = await import('./through-serve.ts');
    const outcome = await runThroughServe(config);
    if (outcome.kind === 'exit') return { forwardedExitCode: outcome.code };
    // Held by something that is not a server for this database (another CLI command, an
    // encore from before the control channel): the old refusal says what to do.
    if (outcome.kind === 'no-server' || outcome.reason === 'database') throw error;
    if (outcome.reason === 'broken') throw new Error(`${outcome.message}.`);
    throw new UsageError(`encore serve holds this database and refused the command: ${outcome.message}.`);
  }
}

/**
 * The CLI's one error mapper: the message on stderr, and the exit code of the error's
 * family (src/util/errors.ts: 2 for what the user can fix, 3 for "try again later"), or 1
 * for a failure. Commands let errors through instead of translating them.
 */
export function reportError(error: unknown): number {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`encore: ${redact(message)}\n`);
  if (process.env.ENCORE_DEBUG && error instanceof Error && error.stack)
    process.stderr.write(`${redact(error.stack)}\n`);
  return error instanceof UserError ? error.exitCode : 1;
}
