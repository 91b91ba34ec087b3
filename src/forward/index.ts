// The forwarder's entry points: the `forward` job (scheduled and `POST /jobs/forward`), and the
// call capture and import make after they commit. Runs in one process never overlap (a play
// read as due by two runs at once would be sent twice); across processes DuckDB's file lock
// already keeps a second encore out.
import type { Config } from '../config/config.ts';
import type { RunReport } from '../store/job-runs.ts';
import type { Db } from '../store/db.ts';
import type { Clock } from '../util/clock.ts';
import type { Logger } from '../util/logger.ts';
import { type ForwardRunOptions, runForward } from './run.ts';
import { createForwardRuntime, type ForwardRuntime } from './runtime.ts';
import { listTargets } from './targets.ts';

export { createForwardRuntime, type ForwardRuntime } from './runtime.ts';
export { runForward } from './run.ts';

const running = new WeakMap<Db, Promise<unknown>>();

/** Runs `runForward` after any run already going on this database has finished. */
export function forwardSerially(
  deps: { db: Db; clock: Clock; logger: Logger; runtime: ForwardRuntime },
  options: ForwardRunOptions = {},
): Promise<RunReport> {
  const previous = running.get(deps.db) ?? Promise.resolve();
  const next = previous.then(
    () => runForward(deps, options),
    () => runForward(deps, options),
  );
  running.set(
    deps.db,
    next.catch(() => undefined),
  );
  return next;
}

export interface ForwardJobDeps {
  db: Db;
  config: Config;
  clock: Clock;
  logger: Logger;
}

/** Lazily builds one runtime per process: the HTTP clients keep their rate-limit pauses. */
export function forwardJob(deps: ForwardJobDeps): (options?: ForwardRunOptions) => Promise<RunReport> {
  let runtime: ForwardRuntime | undefined;
  return (options) => {
    runtime ??= createForwardRuntime(deps);
    return forwardSerially({ ...deps, runtime }, options);
  };
}

/** After a capture or an import: forward what is new, if any target is set up. Never throws. */
export async function forwardAfterRun(
  deps: ForwardJobDeps & { forward?: (options?: ForwardRunOptions) => Promise<RunReport> },
  trigger: 'capture' | 'import',
): Promise<RunReport | undefined> {
  try {
    if (!(await listTargets(deps.db)).some((t) => t.enabled)) return undefined;
    return await (deps.forward ?? forwardJob(deps))();
  } catch (error) {
    deps.logger.warn('forwarding failed: the plays stay due and go on the next run', {
      trigger,
      error: (error as Error).message,
    });
    return undefined;
  }
}

/** The scheduled task: every `everyMs` (retries what failed or was paused), and at once on a trigger. */
export function createForwardTask(
  forward: (options?: ForwardRunOptions) => Promise<RunReport>,
  clock: Clock,
  everyMs = 10 * 60_000,
) {
  let last = 0;
  return {
    name: 'forward',
    run: async (): Promise<RunReport | void> => {
      if (clock.now() - last < everyMs) return;
      last = clock.now();
      return forward();
    },
    runNow: () => {
      last = clock.now();
      return forward();
    },
  };
}
