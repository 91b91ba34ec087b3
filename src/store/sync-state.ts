import type { Queryable } from './db.ts';

/** Small JSON documents keyed by name: cursors, poll schedules, capability flags. */
export async function readState<T>(db: Queryable, key: string): Promise<T | undefined> {
  const row = await db.one<{ value: string }>('SELECT value FROM sync_state WHERE key = ?', [key]);
  return row ? (JSON.parse(row.value) as T) : undefined;
}

export async function writeState(db: Queryable, key: string, value: unknown): Promise<void> {
  await db.run(
    `INSERT INTO sync_state (key, value, updated_at) VALUES (?, ?, now())
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = now()`,
    [key, JSON.stringify(value)],
  );
}
