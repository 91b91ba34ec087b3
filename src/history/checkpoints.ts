import type { Db } from '../store/db.ts';

/**
 * DuckDB checkpoints whenever its write-ahead log passes `checkpoint_threshold` (16 MiB by
 * default). A 100k-row export file commits about that much, so every file would end in a
 * checkpoint — and each checkpoint rewrites the whole primary-key index of `plays`, so an
 * import would slow down as the table grows. During an import the threshold is raised and
 * one CHECKPOINT runs at the end. Crash safety is unchanged: each commit is in the WAL,
 * which DuckDB replays when the file is opened again.
 *
 * The setting belongs to the database, so it is restored when the last import on this Db
 * ends (imports may overlap, e.g. two uploads).
 */

const DEFERRED = '4GB';
const active = new WeakMap<Db, { depth: number; original: string }>();

export async function withDeferredCheckpoints<T>(db: Db, work: () => Promise<T>): Promise<T> {
  let state = active.get(db);
  if (!state) {
    const row = await db.one<{ v: string }>("SELECT current_setting('checkpoint_threshold') AS v");
    state = { depth: 0, original: row?.v ?? '16MiB' };
    active.set(db, state);
    await db.run(`SET checkpoint_threshold = '${DEFERRED}'`);
  }
  state.depth++;
  try {
    return await work();
  } finally {
    state.depth--;
    if (state.depth === 0) {
      active.delete(db);
      await db.run(`SET checkpoint_threshold = '${state.original.replace(/'/g, '')}'`).catch(() => undefined);
      // Fold the import's WAL into the file now rather than on the next unrelated write.
      await db.run('CHECKPOINT').catch(() => undefined);
    }
  }
}
