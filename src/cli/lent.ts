/**
 * A command that `encore serve` runs for a CLI (src/cli/in-process.ts) runs in the server's
 * process, against the server's open context. What differs is carried in an
 * AsyncLocalStorage for the length of that one command, so nothing else the server does
 * at the same time (web requests, scheduled jobs) sees it:
 *
 * - `withContext` takes the lent context instead of opening the database (and never closes it);
 * - whatever the command writes to stdout/stderr goes to the CLI instead of the server's log;
 * - `confirm` cannot ask anybody and refuses, as without a terminal.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { AppContext } from '../app/context.ts';

export type LentStream = 'stdout' | 'stderr';

export interface LentRun {
  ctx: AppContext;
  write(stream: LentStream, data: string): void;
  /** Set when the command has ended: writes from work it left behind go to the server's own streams. */
  ended: boolean;
}

const storage = new AsyncLocalStorage<LentRun>();

/** The forwarded command this code runs for, if any. */
export function lentRun(): LentRun | undefined {
  const run = storage.getStore();
  return run && !run.ended ? run : undefined;
}

export function runLent<T>(run: LentRun, body: () => Promise<T>): Promise<T> {
  routeOutput();
  return storage.run(run, body);
}

let routed = false;

/**
 * Commands print with console.log and process.stdout.write; both end in the stream's
 * `write`, which is wrapped once so that a write made for a forwarded command reaches
 * its CLI. Every other write goes where it always went.
 */
function routeOutput(): void {
  if (routed) return;
  routed = true;
  for (const name of ['stdout', 'stderr'] as const) {
    const stream = process[name];
    const original = stream.write.bind(stream) as (...args: unknown[]) => boolean;
    stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      const run = lentRun();
      if (!run) return original(chunk, ...rest);
      run.write(name, typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      const callback = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
      if (callback) process.nextTick(callback);
      return true;
    }) as typeof stream.write;
  }
}
