/**
 * What remote state costs a web request: two encore servers on the same database file
 * (PLAYS_PER_USER plays for 2 users), one with the file local, one with ENCORE_STATE_URL
 * pointing at the Cloud Storage simulator on 127.0.0.1. Median times over real HTTP of a
 * change (a listen sent to the submit API), a page (History), and a page that must ask the
 * bucket for the generation (ENCORE_STATE_MAX_AGE_SECONDS=0). The simulator has no network
 * latency: on Google Cloud add the round trips and the transfer of the whole file.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGcsSim } from '../sim/gcs/index.ts';
import { startSpotifySim } from '../sim/spotify/index.ts';
import { type RunningEncore, startEncore } from '../src/cli/serve.ts';
import { type AppContext, openAppContext } from '../src/app/context.ts';
import { createStorageClient } from '../src/cloud/gcs-client.ts';
import { createGcsObjectStore } from '../src/cloud/object-store.ts';
import { loadConfig } from '../src/config/config.ts';
import { openStore } from '../src/store/open.ts';
import { createSubmitToken } from '../src/submit/tokens.ts';
import { ManualClock } from '../src/util/clock.ts';
import { silentLogger } from '../src/util/logger.ts';
import { createSession } from '../src/web/sessions.ts';
import { generateAnalyticsData } from './lib/analytics-data.ts';

const PLAYS_PER_USER = Number(process.env.BENCH_PLAYS ?? 50_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const END = Date.UTC(2026, 10, 1);
const BUCKET = 'bench-state';
const OBJECT = 'encore.duckdb';
const SECRET_KEY = 'MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function timed(work: (round: number) => Promise<Response>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const started = performance.now();
    const response = await work(i);
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`bench request answered ${response.status}`);
    times.push(performance.now() - started);
  }
  return Math.round(median(times));
}

interface Seed {
  path: string;
  token: string;
  session: string;
}

async function seed(dir: string): Promise<Seed> {
  const path = join(dir, 'seed.duckdb');
  const db = await openStore(path);
  const user = { userId: 'bench-ada', timeZone: 'Europe/Berlin' };
  await generateAnalyticsData(db, { users: [user], playsPerUser: PLAYS_PER_USER, endMs: END });
  const { token } = await createSubmitToken(db, user.userId, END);
  const { id } = await createSession(db, user.userId, END);
  await db.run('CHECKPOINT');
  await db.close();
  return { path, token, session: id };
}

type Running = { ctx: AppContext; encore: RunningEncore };

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'encore-bench-cloud-web-'));
  const clock = new ManualClock(END);
  const gcs = await startGcsSim({ buckets: [BUCKET] });
  const spotify = await startSpotifySim({ clock, seed: 3 });
  const running: Running[] = [];
  try {
    const s = await seed(dir);
    const start = async (name: string, extra: Record<string, string>) => {
      const server = await startServer(
        join(dir, name),
        s,
        {
          ENCORE_SECRET_KEY: SECRET_KEY,
          SPOTIFY_CLIENT_ID: spotify.clientId,
          SPOTIFY_ACCOUNTS_URL: spotify.accountsUrl,
          SPOTIFY_API_URL: spotify.apiUrl,
          ENCORE_SCHEDULER: 'external',
          ENCORE_GCS_ENDPOINT: gcs.url,
          ...extra,
        },
        clock,
      );
      running.push(server);
      return server.encore.web.url;
    };
    const store = createGcsObjectStore(createStorageClient({ gcsEndpoint: gcs.url }));
    await store.upload(BUCKET, OBJECT, s.path, { ifGeneration: 0 });
    const state = { ENCORE_STATE_URL: `gs://${BUCKET}/${OBJECT}` };
    const local = await start('local', {});
    const remote = await start('remote', { ...state, ENCORE_STATE_MAX_AGE_SECONDS: '3600' });
    const checking = await start('checking', { ...state, ENCORE_STATE_MAX_AGE_SECONDS: '0' });
    const figures = await measure(s, { local, remote, checking });
    console.log(
      `plays=${PLAYS_PER_USER} rounds=${ROUNDS} (medians over real HTTP, GCS simulator on 127.0.0.1)`,
    );
    console.log(
      `cloud-web ${Object.entries(figures)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ')}`,
    );
  } finally {
    for (const r of running) {
      await r.encore.stop();
      await r.ctx.close();
    }
    await spotify.close();
    await gcs.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One encore server with its own data folder; the local one reads a copy of the seed itself. */
async function startServer(
  data: string,
  s: Seed,
  env: Record<string, string>,
  clock: ManualClock,
): Promise<Running> {
  const config = loadConfig({ env: { ENCORE_DATA_DIR: data, ...env }, dotenvPath: null, cwd: data });
  mkdirSync(data, { recursive: true });
  copyFileSync(s.path, config.dbPath); // the local server reads the seed itself
  const ctx = await openAppContext({ config, logger: silentLogger, clock });
  const encore = await startEncore(ctx, { port: 0, tickMs: 3_600_000 });
  return { ctx, encore };
}

/** Median times of a change (a submitted listen) and of a page, on each server. */
async function measure(s: Seed, urls: { local: string; remote: string; checking: string }) {
  const { local, remote, checking } = urls;
  const page = (url: string) => () =>
    fetch(`${url}/history`, { headers: { cookie: `encore_session=${s.session}` } });
  const change = (url: string) => (round: number) =>
    fetch(`${url}/1/submit-listens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Token ${s.token}` },
      body: JSON.stringify({
        listen_type: 'single',
        payload: [
          {
            listened_at: Math.floor(END / 1000) + 300 * round,
            track_metadata: { artist_name: 'Bench', track_name: `Change ${url.slice(-5)} ${round}` },
          },
        ],
      }),
    });
  const fileMb = statSync(s.path).size / 1e6;
  const post_local_ms = await timed(change(local));
  const post_remote_ms = await timed(change(remote));
  // Warm-up pages: each remote server downloads the newest file once, then reads its copy.
  for (const url of [local, remote, checking]) await (await page(url)()).arrayBuffer();
  return {
    file_mb: fileMb.toFixed(1),
    post_local_ms,
    post_remote_ms,
    page_local_ms: await timed(page(local)),
    page_remote_ms: await timed(page(remote)),
    page_checking_ms: await timed(page(checking)),
  };
}

await main();
