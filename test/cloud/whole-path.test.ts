// The whole cloud path on 127.0.0.1, deploying nothing: the container's start command in a clean
// folder with production dependencies only, two instances sharing the DuckDB file in the Cloud
// Storage simulator, Cloud Scheduler's calls (bearer secret, OIDC-shaped token), plays landing in
// the BigQuery simulator with views equal to encore's own analytics, the shows CSV in the bucket,
// and an overlapping second run that loses nothing.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BigQuery } from '@google-cloud/bigquery';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BigQuerySim, startBigQuerySim, tableRows } from '../../sim/bigquery/index.ts';
import { type RunningGcsSim, startGcsSim } from '../../sim/gcs/index.ts';
import { loadDashboard } from '../../src/analytics/index.ts';
import { connectSimulatedUser } from '../../src/app/demo/auto-connect.ts';
import { createDemoWorld, type DemoConcerts, startDemoConcerts } from '../../src/app/demo/concerts.ts';
import { type DemoSpotifySim, startDemoSpotify } from '../../src/app/demo/spotify.ts';
import { createServices } from '../../src/app/services.ts';
import { openAppContext } from '../../src/app/context.ts';
import { createStorageClient } from '../../src/cloud/gcs-client.ts';
import { createGcsObjectStore } from '../../src/cloud/object-store.ts';
import { loadConfig } from '../../src/config/config.ts';
import { savePlace } from '../../src/store/places.ts';
import { openStore } from '../../src/store/open.ts';
import { systemClock } from '../../src/util/clock.ts';
import { memoryLogger } from '../../src/util/logger.ts';
import { offlineAuth } from '../../src/warehouse/index.ts';
import { TEST_SECRET_KEY } from '../helpers/harness.ts';
import { buildInto, productionFolder } from '../runtime/production-install.ts';

const JOB_SECRET = 'whole-path-job-secret-0010';
const INVOKER = 'encore-scheduler@encore-sim.iam.gserviceaccount.com';
const STATE = { bucket: 'encore-state', object: 'prod/encore.duckdb' };
const SHOWS = { bucket: 'encore-shows', object: 'weekly/shows.csv' };
const USERS = ['demo-alice', 'demo-bob'];

let gcs: RunningGcsSim;
let bq: BigQuerySim;
let spotify: DemoSpotifySim;
let concerts: DemoConcerts;
let app: string;
const dirs: string[] = [];
const servers: { process: ChildProcess; url: string; output: () => string }[] = [];

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * What Cloud Run would set: the services, the secrets (as env here), and nothing else.
 * No setlist.fm key: it is optional, and its 2 requests a second would dominate the run time.
 */
function cloudEnv(dataDir: string): Record<string, string> {
  return {
    ENCORE_DATA_DIR: dataDir,
    ENCORE_TIMEZONE: 'UTC',
    ENCORE_SECRET_KEY: TEST_SECRET_KEY,
    SPOTIFY_CLIENT_ID: spotify.clientId,
    SPOTIFY_ACCOUNTS_URL: spotify.accountsUrl,
    SPOTIFY_API_URL: spotify.apiUrl,
    TICKETMASTER_API_KEY: concerts.ticketmasterKey,
    TICKETMASTER_API_URL: concerts.ticketmasterUrl,
    STORAGE_EMULATOR_HOST: gcs.url.replace('http://', ''),
    ENCORE_BIGQUERY_ENDPOINT: bq.url,
    ENCORE_WAREHOUSE: 'bigquery://encore-sim/music',
    ENCORE_SHOWS_EXPORT: `gs://${SHOWS.bucket}/${SHOWS.object}`,
  };
}

/** The laptop before the first deploy: accounts connected, a place added, the file uploaded. */
async function seedState(): Promise<void> {
  const dir = tempDir('encore-whole-seed-');
  const config = loadConfig({ env: cloudEnv(dir), dotenvPath: null, cwd: dir });
  const ctx = await openAppContext({ config, logger: memoryLogger(), clock: systemClock });
  const services = await createServices(ctx);
  for (const user of USERS) await connectSimulatedUser({ db: ctx.db, services, clock: systemClock }, user);
  await savePlace(ctx.db, concerts.place, new Date());
  await ctx.close();
  const store = createGcsObjectStore(createStorageClient(config.cloud.storage));
  await store.upload(STATE.bucket, STATE.object, config.dbPath, { ifGeneration: 0 });
}

async function startInstance(): Promise<void> {
  const port = await freePort();
  const env = {
    PATH: process.env.PATH!,
    HOME: tempDir('encore-whole-home-'),
    PORT: String(port),
    ENCORE_HOST: '127.0.0.1',
    ENCORE_SCHEDULER: 'external',
    ENCORE_JOB_SECRET: JOB_SECRET,
    ENCORE_JOB_INVOKER: INVOKER,
    ENCORE_STATE_URL: `gs://${STATE.bucket}/${STATE.object}`,
    ...cloudEnv(tempDir('encore-whole-data-')),
  };
  let output = '';
  const child = spawn(process.execPath, ['bin/encore.js', 'serve'], { cwd: app, env });
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const url = `http://127.0.0.1:${port}`;
  servers.push({ process: child, url, output: () => output });
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${url}/readyz`)).status === 200) return;
    } catch {
      // not listening yet
    }
    if (i > 150 || child.exitCode !== null) throw new Error(`instance did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Cloud Scheduler's OIDC identity token, as it reaches the container (signature not checked). */
function oidcToken(): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const claims = { email: INVOKER, email_verified: true, exp: Math.floor(Date.now() / 1000) + 600 };
  return `${part({ alg: 'RS256', typ: 'JWT' })}.${part(claims)}.c2lnbmF0dXJl`;
}

async function job(server: number, name: string, token = JOB_SECRET) {
  const response = await fetch(`${servers[server]!.url}/jobs/${name}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
  });
  const body = (await response.json()) as { runId?: string; counts?: Record<string, number> };
  return { status: response.status, body };
}

/** The bucket's DuckDB file, opened read-only-by-convention in a fresh copy. */
async function withRemoteDb<T>(read: (db: Awaited<ReturnType<typeof openStore>>) => Promise<T>): Promise<T> {
  const path = join(tempDir('encore-whole-read-'), 'read.duckdb');
  writeFileSync(path, gcs.state.buckets.get(STATE.bucket)!.get(STATE.object)!.data);
  const db = await openStore(path);
  try {
    return await read(db);
  } finally {
    await db.close();
  }
}

beforeAll(async () => {
  const built = tempDir('encore-whole-dist-');
  buildInto(built);
  app = productionFolder(built);
  dirs.push(app);
  const world = await createDemoWorld(Date.now());
  spotify = await startDemoSpotify(systemClock, world.catalog);
  concerts = await startDemoConcerts(world, spotify.catalog, systemClock);
  gcs = await startGcsSim({ buckets: [STATE.bucket, SHOWS.bucket] });
  bq = await startBigQuerySim({ projectId: 'encore-sim' });
  await seedState();
  await Promise.all([startInstance(), startInstance()]);
}, 120_000);

afterAll(async () => {
  for (const s of servers) s.process.kill('SIGTERM');
  await Promise.all(
    servers.map((s) => new Promise((r) => (s.process.exitCode !== null ? r(0) : s.process.once('exit', r)))),
  );
  await bq?.close();
  await gcs?.close();
  await concerts?.close();
  await spotify?.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
}, 60_000);

describe('the whole cloud path', () => {
  it('a scheduled capture lands in the bucket’s database and in BigQuery, views equal to encore’s', async () => {
    const capture = await job(0, 'capture');
    expect(capture.status, servers[0]!.output()).toBe(200);
    expect(capture.body.counts?.users_polled).toBe(USERS.length);
    const added = capture.body.counts?.plays_added ?? 0;
    expect(added).toBeGreaterThan(0);
    const warehouse = tableRows(bq.state, 'music', 'plays');
    expect(warehouse).toHaveLength(added);
    const { plays, dashboards } = await withRemoteDb(async (db) => ({
      plays: (await db.one<{ n: number }>('SELECT count(*) AS n FROM plays'))!.n,
      dashboards: await Promise.all(
        USERS.map((userId) =>
          loadDashboard(db, {
            userId,
            from: new Date(0),
            to: new Date(Date.now() + 86_400_000),
            timeZone: 'UTC',
          }),
        ),
      ),
    }));
    expect(plays).toBe(added);
    const bigquery = new BigQuery({
      projectId: 'encore-sim',
      apiEndpoint: bq.url,
      authClient: offlineAuth(),
    });
    const [rows] = await bigquery.query({
      query: 'SELECT user_id, plays, minutes FROM `encore-sim.music.top_kpis`',
    });
    const kpis = new Map(
      (rows as { user_id: string; plays: number; minutes: number }[]).map((r) => [r.user_id, r]),
    );
    for (const [i, user] of USERS.entries()) {
      expect(kpis.get(user)).toMatchObject({
        plays: dashboards[i]!.kpis.plays,
        minutes: dashboards[i]!.kpis.minutes,
      });
    }
  }, 90_000);

  it('the weekly shows sync (OIDC token, the other instance) writes the CSV to the bucket', async () => {
    const sync = await job(1, 'shows-weekly', oidcToken());
    expect(sync.status, servers[1]!.output()).toBe(200);
    const csv = gcs.state.buckets.get(SHOWS.bucket)!.get(SHOWS.object);
    expect(csv?.contentType).toBe('text/csv');
    const lines = csv!.data.toString('utf8').trim().split('\n');
    expect(lines[0]).toMatch(/^[a-z_]+(,[a-z_]+)+$/);
    expect(lines.length).toBeGreaterThan(1);
    const events = await withRemoteDb(
      async (db) => (await db.one<{ n: number }>('SELECT count(*) AS n FROM events'))!.n,
    );
    expect(events).toBeGreaterThan(0);
  }, 120_000);

  it('an overlapping second run loses nothing: the later writer re-runs on the newer file', async () => {
    const warehouseBefore = tableRows(bq.state, 'music', 'plays').length;
    const hold = gcs.state.holdNextUpload();
    const capture = job(0, 'capture'); // runs, then waits in its upload
    await hold.reached;
    const sync = await job(1, 'shows-weekly'); // downloads the same generation and writes first
    expect(sync.status).toBe(200);
    hold.release();
    expect((await capture).status, servers[0]!.output()).toBe(200);
    expect(servers[0]!.output()).toContain('was written by another run first');
    const runs = await withRemoteDb((db) => db.all<{ run_id: string }>('SELECT run_id FROM job_runs'));
    expect(runs.map((r) => r.run_id)).toContain(sync.body.runId);
    const plays = await withRemoteDb(
      async (db) => (await db.one<{ n: number }>('SELECT count(*) AS n FROM plays'))!.n,
    );
    const warehouse = tableRows(bq.state, 'music', 'plays');
    expect(warehouse.length).toBeGreaterThanOrEqual(warehouseBefore);
    expect(warehouse).toHaveLength(plays); // one row per play, however often a lost race re-sent it
  }, 120_000);
});
