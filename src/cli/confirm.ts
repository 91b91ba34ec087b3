import { createInterface } from 'node:readline/promises';
import { lentRun } from './lent.ts';
import { UsageError } from './run.ts';

/**
 * Asks a yes/no question on the terminal before something is replaced. `--yes` answers
 * for the user; without a terminal (cron, a pipe) there is nobody to ask, so the command
 * stops with `refusal` (exit code 2) instead of guessing. The same when `encore serve`
 * runs the command for a CLI: the server's terminal (if any) is not the user's.
 */
export async function confirm(question: string, opts: { yes?: boolean; refusal: string }): Promise<boolean> {
  if (opts.yes) return true;
  if (lentRun()) throw new UsageError(`${opts.refusal} (encore serve runs this command and cannot ask.)`);
  if (!process.stdin.isTTY) throw new UsageError(opts.refusal);
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(`${question} [y/N] `);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}
