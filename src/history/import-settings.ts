import type { Db } from '../store/db.ts';

/**
 * DuckDB settings for the length of an import, restored afterwards.
 *
 * - `checkpoint_threshold` 64 MiB (default 16): a 100k-row export file commits about
 *   16 MiB of log, so by default every file ends in a checkpoint that rewrites the whole
 *   primary-key index of `plays` — the import would slow down as the table grows. Checkpoints
 *   still happen every few files: only checkpointed index blocks can leave memory.
 * - `memory_limit` at most 192 MiB (DuckDB's default is 80 % of RAM, and it keeps what it
 *   touched cached up to that limit): keeps a laptop import of a 100+ MB export small.
 *   Only ever lowered, never raised; index blocks already checkpointed are evicted and read
 *   back as needed, so large databases still import (checked with 4M plays under 64 MiB).
 *
 * Crash safety is unchanged: every commit is in the write-ahead log. The settings belong to
 * the database, so they are restored when the last import on this Db ends (imports may
 * overlap, e.g. two uploads).
 */

const CHECKPOINT_THRESHOLD = '64MiB';
const MEMORY_LIMIT_BYTES = 192 * 1024 ** 2;

interface Saved {
  depth: number;
  checkpointThreshold: string;
  memoryLimit: string | null;
}

const active = new WeakMap<Db, Saved>();

export async function withImportSettings<T>(db: Db, work: () => Promise<T>): Promise<T> {
  let saved = active.get(db);
  if (!saved) {
    saved = await applySettings(db);
    active.set(db, saved);
  }
  saved.depth++;
  try {
    return await work();
  } finally {
    saved.depth--;
    if (saved.depth === 0) {
      active.delete(db);
      await restore(db, saved);
    }
  }
}

async function applySettings(db: Db): Promise<Saved> {
  const row = await db.one<{ threshold: string; memory: string }>(
    "SELECT current_setting('checkpoint_threshold') AS threshold, current_setting('memory_limit') AS memory",
  );
  const saved: Saved = { depth: 0, checkpointThreshold: row?.threshold ?? '16MiB', memoryLimit: null };
  await db.run(`SET checkpoint_threshold = '${CHECKPOINT_THRESHOLD}'`);
  const current = parseSize(row?.memory ?? '');
  if (current === null || current > MEMORY_LIMIT_BYTES) {
    saved.memoryLimit = row?.memory ?? null;
    await db.run(`SET memory_limit = '${MEMORY_LIMIT_BYTES / 1024 ** 2}MiB'`);
  }
  return saved;
}

async function restore(db: Db, saved: Saved): Promise<void> {
  await db.run(`SET checkpoint_threshold = '${clean(saved.checkpointThreshold)}'`).catch(() => undefined);
  if (saved.memoryLimit !== null) {
    await db.run(`SET memory_limit = '${clean(saved.memoryLimit)}'`).catch(() => undefined);
  }
  // No CHECKPOINT here: every file is already durable in the log, and DuckDB folds the log
  // into the file at its next automatic checkpoint (or on close) — not the user's wait.
}

function clean(setting: string): string {
  return setting.replace(/[^0-9A-Za-z. ]/g, '');
}

const UNITS: Record<string, number> = {
  B: 1,
  KB: 1e3,
  MB: 1e6,
  GB: 1e9,
  TB: 1e12,
  KIB: 1024,
  MIB: 1024 ** 2,
  GIB: 1024 ** 3,
  TIB: 1024 ** 4,
};

/** "18.8 GiB" → bytes; null when DuckDB reports something else (e.g. no limit). */
export function parseSize(text: string): number | null {
  const m = /^\s*([\d.]+)\s*([A-Za-z]+)\s*$/.exec(text);
  const unit = m ? UNITS[m[2]!.toUpperCase()] : undefined;
  return m && unit !== undefined ? Number(m[1]) * unit : null;
}
