import { createInterface } from 'node:readline/promises';
import { UsageError } from './run.ts';

/**
 * Asks a yes/no question on the terminal before something is replaced. `--yes` answers
 * for the user; without a terminal (cron, a pipe) there is nobody to ask, so the command
 * stops with `refusal` (exit code 2) instead of guessing.
 */
export async function confirm(question: string, opts: { yes?: boolean; refusal: string }): Promise<boolean> {
  if (opts.yes) return true;
  if (!process.stdin.isTTY) throw new UsageError(opts.refusal);
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(`${question} [y/N] `);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}
