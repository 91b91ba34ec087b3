// Two or more real encore servers sharing one DuckDB file in the Cloud Storage simulator
// (ENCORE_STATE_URL), with the Spotify simulator: the world the remote-state tests of job
// runs (remote-jobs.test.ts) and of web requests (remote-web.test.ts) both need.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningGcsSim, startGcsSim } from '../../sim/gcs/index.ts';
import { type SpotifySim, startSpotifySim } from '../../sim/spotify/index.ts';
import { connectSimulatedUser } from '../../src/app/demo/auto-connect.ts';
import { type RunningEncore, startEncore } from '../../src/cli/serve.ts';
import { createServices } from '../../src/app/services.ts';
import { type AppContext, openAppContext } from '../../src/app/context.ts';
import { createStorageClient } from '../../src/cloud/gcs-client.ts';
import { createGcsObjectStore } from '../../src/cloud/object-store.ts';
import { loadConfig } from '../../src/config/config.ts';
import { openStore } from '../../src/store/open.ts';
import { ManualClock } from '../../src/util/clock.ts';
import { memoryLogger } from '../../src/util/logger.ts';
import { TEST_SECRET_KEY } from '../helpers/harness.ts';

export const T1 = Date.UTC(2026, 10, 2, 12);
export const USERS = ['demo-alice', 'demo-bob'];
export const OBJECT = 'prod/encore.duckdb';

export interface Server {
  ctx: AppContext;
  encore: RunningEncore;
  logger: ReturnType<typeof memoryLogger>;
}

export interface RemoteWorldOptions {
  /** Prefix of the temp folders, to tell the tests' leftovers apart. */
  name: string;
  bucket: string;
  jobSecret: string;
  spotifySeed: number;
  /** Settings every server gets on top of the shared ones. */
  env?: Record<string, string>;
  /** More state in the uploaded file, after the two accounts are connected. */
  seed?: (ctx: AppContext) => Promise<void>;
}

/** Rows of a DuckDB file's bytes (a copy in a temp folder, opened and removed). */
async function rowsOfFile<T extends Record<string, unknown>>(
  data: Uint8Array,
  name: string,
  sql: string,
): Promise<T[]> {
  const dir = mkdtempSync(join(tmpdir(), `encore-${name}-read-`));
  const path = join(dir, 'read.duckdb');
  writeFileSync(path, data);
  const db = await openStore(path);
  try {
    return await db.all<T>(sql);
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function stopAll(servers: Array<Server | undefined>): Promise<void> {
  for (const s of servers) {
    await s?.encore.stop();
    await s?.ctx.close();
  }
}

/** What every server of the world is configured with: the simulators, the bucket's file, external scheduling. */
function serverSettings(
  options: RemoteWorldOptions,
  spotify: SpotifySim,
  gcs: RunningGcsSim,
): Record<string, string> {
  return {
    ENCORE_SECRET_KEY: TEST_SECRET_KEY,
    SPOTIFY_CLIENT_ID: spotify.clientId,
    SPOTIFY_ACCOUNTS_URL: spotify.accountsUrl,
    SPOTIFY_API_URL: spotify.apiUrl,
    ENCORE_JOB_SECRET: options.jobSecret,
    ENCORE_SCHEDULER: 'external',
    ENCORE_GCS_ENDPOINT: gcs.url,
    ENCORE_STATE_URL: `gs://${options.bucket}/${OBJECT}`,
  };
}

export function remoteWorld(options: RemoteWorldOptions) {
  const { bucket } = options;
  const clock = new ManualClock(T1);
  const dirs: string[] = [];
  let gcs: RunningGcsSim | undefined;
  let spotify: SpotifySim | undefined;

  function env(extra: Record<string, string> = {}): Record<string, string> {
    const dir = mkdtempSync(join(tmpdir(), `encore-${options.name}-`));
    dirs.push(dir);
    return { ...serverSettings(options, spotify!, gcs!), ENCORE_DATA_DIR: dir, ...options.env, ...extra };
  }

  const configOf = (vars: Record<string, string>) =>
    loadConfig({ env: vars, dotenvPath: null, cwd: vars.ENCORE_DATA_DIR! });

  /** The state uploaded before the first deploy: two accounts connected, plus `options.seed`. */
  async function seedRemoteState(): Promise<void> {
    const vars = env();
    delete vars.ENCORE_STATE_URL;
    const ctx = await openAppContext({ config: configOf(vars), logger: memoryLogger(), clock });
    const services = await createServices(ctx);
    for (const user of USERS) await connectSimulatedUser({ db: ctx.db, services, clock }, user);
    await options.seed?.(ctx);
    await ctx.close();
    const store = createGcsObjectStore(createStorageClient(ctx.config.cloud.storage));
    await store.upload(bucket, OBJECT, ctx.config.dbPath, { ifGeneration: 0 });
  }

  async function startServer(extra: Record<string, string> = {}): Promise<Server> {
    const logger = memoryLogger();
    const ctx = await openAppContext({ config: configOf(env(extra)), logger, clock });
    const port = extra.ENCORE_PORT ? Number(extra.ENCORE_PORT) : 0;
    const encore = await startEncore(ctx, { port, tickMs: 3_600_000 });
    return { ctx, encore, logger };
  }

  const stored = () => gcs!.state.buckets.get(bucket)!.get(OBJECT)!;

  /** What the bucket's file holds, read with a fresh DuckDB. */
  const remoteRows = <T extends Record<string, unknown>>(sql: string) =>
    rowsOfFile<T>(stored().data, options.name, sql);

  return {
    clock,
    get gcs(): RunningGcsSim {
      return gcs!;
    },
    get spotify(): SpotifySim {
      return spotify!;
    },
    env,
    configOf,
    startServer,
    stored,
    remoteRows,
    trigger: (server: Server, job: string) =>
      fetch(`${server.encore.web.url}/jobs/${job}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${options.jobSecret}` },
      }),
    /** The simulators, then the bucket's first file. */
    async setUp(): Promise<void> {
      gcs = await startGcsSim({ buckets: [bucket] });
      spotify = await startSpotifySim({ clock, seed: options.spotifySeed });
      await seedRemoteState();
    },
    async tearDown(servers: Array<Server | undefined>): Promise<void> {
      await stopAll(servers);
      await spotify?.close();
      await gcs?.close();
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    },
  };
}
