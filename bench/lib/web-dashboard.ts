import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startSpotifySim } from '../../sim/spotify/index.ts';
import { createServices, type Services } from '../../src/app/services.ts';
import type { AppContext } from '../../src/app/context.ts';
import { loadConfig } from '../../src/config/config.ts';
import type { Db } from '../../src/store/db.ts';
import { ManualClock } from '../../src/util/clock.ts';
import { memoryLogger } from '../../src/util/logger.ts';
import { createProgress } from '../../src/util/progress.ts';

const ROOT = join(import.meta.dirname, '../..');

interface WebApp {
  request(path: string, init?: RequestInit): Promise<Response>;
}

/** Fetches a rendered page of the web app as a signed-in user; returns the body's length. */
export interface WebDashboard {
  render(userId: string, path: string): Promise<number>;
  close(): Promise<void>;
}

/**
 * The web app's dashboard page (`GET /` of `createWebApp`), requested in-process with a
 * real session cookie — when this checkout has that route (the web branch adds it).
 * Loaded dynamically so that the benchmark also runs on a checkout without it; returns
 * null then.
 */
export async function openWebDashboard(db: Db, nowMs: number): Promise<WebDashboard | null> {
  if (!existsSync(join(ROOT, 'src/web/routes/dashboard.ts'))) return null;
  const load = (file: string) => import(pathToFileURL(join(ROOT, file)).href);
  const { createWebApp } = (await load('src/web/server.ts')) as { createWebApp(deps: unknown): WebApp };
  const { createSession } = (await load('src/web/sessions.ts')) as {
    createSession(db: Db, userId: string, now: number): Promise<{ id: string }>;
  };
  const dir = mkdtempSync(join(tmpdir(), 'encore-bench-web-'));
  const clock = new ManualClock(nowMs);
  const config = loadConfig({
    env: {
      ENCORE_DATA_DIR: dir,
      ENCORE_DEMO: 'true',
      ENCORE_SECRET_KEY: Buffer.alloc(32, 1).toString('base64'),
      ENCORE_TIMEZONE: 'UTC',
    },
    dotenvPath: null,
    cwd: dir,
  });
  const logger = memoryLogger({ demo: true });
  const ctx: AppContext = {
    config,
    db,
    logger,
    clock,
    progress: () => createProgress(),
    close: async () => {},
  };
  const sim = await startSpotifySim({ clock, seed: 3 });
  const services: Services = await createServices(ctx, { sim });
  const app = createWebApp({ config, db, services, clock, logger });
  const cookies = new Map<string, string>();
  return {
    async render(userId, path) {
      let cookie = cookies.get(userId);
      if (!cookie) {
        cookie = `encore_session=${(await createSession(db, userId, nowMs)).id}`;
        cookies.set(userId, cookie);
      }
      const response = await app.request(path, { headers: { cookie } });
      const body = await response.text();
      if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}`);
      return body.length;
    },
    async close() {
      await services.close();
      await sim.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
