/**
 * `encore serve` with ENCORE_STATE_URL (Cloud Run, no disk): every job run — a scheduler
 * tick, `POST /jobs/<name>`, the last capture on shutdown — is one remote-state transaction
 * (src/cloud/remote-state.ts): download the bucket's DuckDB file, run the job on it, write
 * it back only if nobody wrote first, else re-run on the newer file.
 *
 * The process keeps its one Db handle, because the token store, the capability flags and the
 * web pages were built with it: for each attempt the handle is pointed at the fresh download;
 * after a successful upload the saved file becomes the local copy (ENCORE_DB_PATH) the pages
 * read until the next run. Runs in this process take turns (they share the handle); runs in
 * other instances are kept apart by the generation precondition.
 */
import { renameSync, rmSync } from 'node:fs';
import type { Config } from '../config/config.ts';
import type { Db } from '../store/db.ts';
import { migrate } from '../store/migrate.ts';
import type { Logger } from '../util/logger.ts';
import { type RemoteStateOptions, withRemoteState } from './remote-state.ts';
import { applyRotations, type RotatedToken, rotatedSince, rotationMarks } from './token-carry.ts';

export interface RemoteStateRunner {
  /** Runs `work` (which uses the shared Db handle) as one remote-state transaction, in turn. */
  run<T>(work: () => Promise<T>): Promise<T>;
}

/** Undefined when ENCORE_STATE_URL is not set: jobs then use the local file as always. */
export function remoteStateRunner(
  deps: { config: Config; db: Db; logger: Logger },
  options: Omit<RemoteStateOptions, 'onSaved' | 'logger'> = {},
): RemoteStateRunner | undefined {
  if (!deps.config.cloud.stateUrl) return undefined;
  const { config, db, logger } = deps;
  const home = config.dbPath;
  const once = <T>(work: () => Promise<T>) => {
    // Refresh tokens rotated by an attempt that lost the race (see token-carry.ts).
    let carried: RotatedToken[] = [];
    let rotated: RotatedToken[] = [];
    return withRemoteState(
      config,
      async (path) => {
        await db.reopen(path);
        try {
          await migrate(db); // a file written by an older encore, or none yet
          if (carried.length && (await applyRotations(db, carried)))
            logger.info('kept the refresh tokens the lost attempt rotated');
          const marks = await rotationMarks(db);
          try {
            return await work();
          } finally {
            rotated = await rotatedSince(db, marks);
          }
        } finally {
          // Close the attempt's file, so it can be checkpointed and uploaded (or thrown away).
          await db.reopen(home);
        }
      },
      {
        ...options,
        logger: { info: (m) => logger.info(m), warn: (m) => logger.warn(m) },
        onConflict: (attempt) => {
          carried = [...carried, ...rotated];
          options.onConflict?.(attempt);
        },
        onSaved: (saved) =>
          db.reopen(home, () => {
            rmSync(`${home}.wal`, { force: true });
            renameSync(saved, home);
          }),
      },
    );
  };
  let turn: Promise<unknown> = Promise.resolve();
  return {
    run(work) {
      const next = turn.then(
        () => once(work),
        () => once(work),
      );
      turn = next.catch(() => undefined);
      return next;
    },
  };
}
