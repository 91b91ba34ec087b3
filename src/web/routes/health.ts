import type { Hono } from 'hono';
import type { Db } from '../../store/db.ts';
import { listMigrations } from '../../store/migrate.ts';
import type { WebDeps, WebEnv } from '../context.ts';

/** What `/readyz` checks: the database answers and holds every migration this build ships. */
export async function checkReadiness(
  db: Db,
  expected = listMigrations().map((m) => m.version),
): Promise<{ ready: boolean; problem?: string; migrations?: number }> {
  let applied: Set<number>;
  try {
    const rows = await db.all<{ version: number }>('SELECT version FROM schema_migrations');
    applied = new Set(rows.map((r) => Number(r.version)));
  } catch (error) {
    return { ready: false, problem: `database not readable: ${(error as Error).message}` };
  }
  const missing = expected.filter((v) => !applied.has(v));
  if (missing.length > 0) return { ready: false, problem: `migrations not applied: ${missing.join(', ')}` };
  return { ready: true, migrations: applied.size };
}

/**
 * Probes for container platforms. `/healthz` is liveness — the process answers HTTP; it
 * never touches the database, so a slow query cannot get a healthy instance restarted.
 * `/readyz` is readiness — 503 until the database is open and migrated.
 */
export function registerHealthRoutes(app: Hono<WebEnv>, deps: WebDeps): void {
  app.get('/healthz', (c) => c.json({ ok: true, demo: deps.config.demo }));
  app.get('/readyz', async (c) => {
    const result = await checkReadiness(deps.db);
    if (!result.ready) {
      deps.logger.warn('not ready', { problem: result.problem });
      return c.json({ ready: false, error: result.problem }, 503);
    }
    return c.json({ ready: true, migrations: result.migrations });
  });
}
