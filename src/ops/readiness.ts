import type { Queryable } from '../store/db.ts';
import { appliedMigrations, listMigrations } from '../store/migrate.ts';

/** What `/readyz` checks: the database answers and holds every migration this build ships. */
export async function checkReadiness(
  db: Queryable,
  expected = listMigrations().map((m) => m.version),
): Promise<{ ready: boolean; problem?: string; migrations?: number }> {
  let applied: Set<number>;
  try {
    applied = await appliedMigrations(db);
  } catch (error) {
    return { ready: false, problem: `database not readable: ${(error as Error).message}` };
  }
  const missing = expected.filter((v) => !applied.has(v));
  if (missing.length > 0) return { ready: false, problem: `migrations not applied: ${missing.join(', ')}` };
  return { ready: true, migrations: applied.size };
}
