import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Db } from '../../src/store/db.ts';
import { migrate } from '../../src/store/migrate.ts';
import { createWebApp, type RunningWeb, startWebServer } from '../../src/web/server.ts';
import { type Harness, startHarness } from '../helpers/harness.ts';

let h: Harness;
let web: RunningWeb;
/** A database file that was opened but not migrated yet: what a fresh container sees first. */
let fresh: Db;
let freshWeb: RunningWeb;

beforeAll(async () => {
  h = await startHarness();
  const deps = { config: h.config, services: h.services, clock: h.clock, logger: h.logger };
  web = await startWebServer(createWebApp({ ...deps, db: h.db }), '127.0.0.1', 0);
  fresh = await Db.open(join(mkdtempSync(join(tmpdir(), 'encore-ready-')), 'encore.duckdb'));
  freshWeb = await startWebServer(createWebApp({ ...deps, db: fresh }), '127.0.0.1', 0);
});

afterAll(async () => {
  await web?.close();
  await freshWeb?.close();
  await fresh?.close();
  await h?.close();
});

describe('container probes', () => {
  it('/healthz answers 200 without a session or the database', async () => {
    const response = await fetch(`${web.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, demo: true });
    // Liveness does not depend on migrations: the unmigrated instance is alive too.
    expect((await fetch(`${freshWeb.url}/healthz`)).status).toBe(200);
  });

  it('/readyz answers 200 with the migration count on a migrated store', async () => {
    const response = await fetch(`${web.url}/readyz`);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.ready).toBe(true);
    expect(body.migrations).toBeGreaterThan(0);
  });

  it('/readyz answers 503 before the migrations ran, then 200 once they did', async () => {
    const before = await fetch(`${freshWeb.url}/readyz`);
    expect(before.status).toBe(503);
    const body = await before.json();
    expect(body.ready).toBe(false);
    expect(body.error).toMatch(/database not readable|migrations not applied/);
    expect(h.logger.lines.some((l) => l.includes('not ready'))).toBe(true);
    await migrate(fresh);
    const after = await fetch(`${freshWeb.url}/readyz`);
    expect(after.status).toBe(200);
    expect((await after.json()).ready).toBe(true);
  });

  it('/readyz names the missing migrations when the store is behind this build', async () => {
    await fresh.run(
      'DELETE FROM schema_migrations WHERE version = (SELECT max(version) FROM schema_migrations)',
    );
    const behind = await fetch(`${freshWeb.url}/readyz`);
    expect(behind.status).toBe(503);
    expect((await behind.json()).error).toMatch(/^migrations not applied: \d+$/);
  });
});
