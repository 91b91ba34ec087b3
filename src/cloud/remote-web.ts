/**
 * Web requests on Cloud Run with ENCORE_STATE_URL. Jobs already run as remote-state
 * transactions (remote-jobs.ts); without this module a web request that changes state
 * (sign-in, a correction, a share link, a submitted listen…) would write only the local
 * copy, and the next job's download would silently replace it.
 *
 * - A state-changing request (every method but GET/HEAD, plus the OAuth callback, which
 *   stores tokens and a session) runs inside the same runner as the jobs of this process:
 *   fresh download before the handler, write-back with the generation precondition after,
 *   one at a time with the jobs. A run that changed nothing is not written back.
 * - A lost race re-runs the request on the newer file when its effects are all in the
 *   database (see `rerunnable`); otherwise the answer is 503 with Retry-After.
 * - Other GETs read the local copy, at most ENCORE_STATE_MAX_AGE_SECONDS old: after that a
 *   metadata call asks for the bucket's generation, and only a changed one is downloaded.
 */
import type { Storage } from '@google-cloud/storage';
import type { Config } from '../config/config.ts';
import type { Db } from '../store/db.ts';
import type { Logger } from '../util/logger.ts';
import { redact } from '../util/redact.ts';
import { type ChangeAwareStore, changeAwareStore } from './change-aware-store.ts';
import { createStorageClient } from './gcs-client.ts';
import { gcsStatus } from './gcs-errors.ts';
import { parseGsUrl } from './gs-url.ts';
import { createGcsObjectStore, describeGcsFailure } from './object-store.ts';
import { type RemoteStateRunner, remoteStateRunner } from './remote-jobs.ts';

/** The part of a Hono app (or any fetch handler) this module wraps; `env` carries the Node request. */
export interface FetchHandler {
  fetch(request: Request, env?: unknown): Response | Promise<Response>;
}

export interface RemoteWeb {
  /** The runner jobs must use too, so web requests and jobs of this process take turns (always writes back). */
  runner: RemoteStateRunner;
  /** The store under the runner (tests read its counters). */
  store: ChangeAwareStore;
  /** Wraps the web app: state-changing requests become remote-state runs, pages stay fresh. */
  wrap(app: FetchHandler): FetchHandler;
}

/** Seconds a browser or client should wait before sending a request we could not save. */
export const RETRY_AFTER_SECONDS = 2;

/** Undefined when ENCORE_STATE_URL is not set: the web app then uses the local file as always. */
export function remoteWeb(
  deps: { config: Config; db: Db; logger: Logger },
  options: { storage?: Storage } = {},
): RemoteWeb | undefined {
  const url = deps.config.cloud.stateUrl;
  if (!url) return undefined;
  const storage = options.storage ?? createStorageClient(deps.config.cloud.storage);
  const store = changeAwareStore(createGcsObjectStore(storage));
  const inner = remoteStateRunner(deps, { store })!;
  let active = 0;
  const runner: RemoteStateRunner = {
    run(work) {
      active++;
      return inner.run(work).finally(() => active--);
    },
  };
  // Web runs (requests, page refreshes) are not written back when they changed nothing.
  const webRunner: RemoteStateRunner = {
    run: (work) =>
      runner.run(() => {
        store.skipIfUnchanged();
        return work();
      }),
  };
  const fresh = freshness({
    maxAgeMs: deps.config.cloud.stateMaxAgeSeconds * 1000,
    busy: () => active > 0,
    current: () => generationOf(storage, url),
    saved: () => store.savedGeneration,
    // A run that does nothing: download, (migrate), hash equal so no upload, moved into place.
    refresh: () => webRunner.run(async () => undefined),
    logger: deps.logger,
  });
  const callbackPath = new URL(deps.config.spotify.redirectUri).pathname;
  return {
    runner,
    store,
    wrap: (app) => ({
      async fetch(request, env) {
        const path = new URL(request.url).pathname;
        if (path.startsWith('/jobs/')) return app.fetch(request, env); // the scheduler runs it in turn
        if (changesState(request.method, path, callbackPath))
          return inRun(
            webRunner,
            deps.logger,
            app,
            request,
            env,
            rerunnable(request.method, path, callbackPath),
          );
        if (readsPages(path)) await fresh();
        return app.fetch(request, env);
      },
    }),
  };
}

/** What needs the runner: every write method, and the OAuth callback (tokens and a session). */
export function changesState(method: string, path: string, callbackPath: string): boolean {
  return (method !== 'GET' && method !== 'HEAD') || path === callbackPath;
}

/**
 * Whether a request may simply run again on the newer file after losing the race. Yes when
 * its effects are all in the database (the lost attempt's file is thrown away, so nothing
 * happened twice). No when it did something outside it that cannot be repeated:
 * - the OAuth callback spent Spotify's one-time authorization code (sign in again);
 * - creating or refreshing a playlist wrote to the user's Spotify account — running it again
 *   would write a second playlist.
 */
export function rerunnable(method: string, path: string, callbackPath: string): boolean {
  if (path === callbackPath) return false;
  if (method === 'POST' && (path === '/playlists' || path === '/rediscover/playlist')) return false;
  if (method === 'POST' && /^\/playlists\/[^/]+\/refresh$/.test(path)) return false;
  return true;
}

/** Paths whose answers come from the database (not assets, not health probes). */
function readsPages(path: string): boolean {
  return !path.startsWith('/assets/') && path !== '/healthz' && path !== '/readyz';
}

async function inRun(
  runner: RemoteStateRunner,
  logger: Logger,
  app: FetchHandler,
  request: Request,
  env: unknown,
  rerun: boolean,
): Promise<Response> {
  // Kept, so a re-run (or the one attempt) can read the body again.
  const body =
    request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.arrayBuffer();
  let attempts = 0;
  try {
    return await runner.run(async () => {
      attempts++;
      if (attempts > 1 && !rerun) return retryLater('another instance saved a change at the same moment');
      const copy = new Request(request.url, { method: request.method, headers: request.headers, body });
      const response = await app.fetch(copy, env);
      // Read the whole answer inside the run, so nothing the handler does lazily happens outside it.
      const bytes = await response.arrayBuffer();
      return new Response(bytes, { status: response.status, headers: response.headers });
    });
  } catch (error) {
    logger.error('request not saved to the remote state', {
      path: new URL(request.url).pathname,
      error: redact((error as Error).message),
    });
    return retryLater('the change could not be saved to the shared state');
  }
}

function retryLater(why: string): Response {
  return new Response(
    `Not saved: ${why}. Nothing was changed — try again in a moment (sign in again after a sign-in).\n`,
    {
      status: 503,
      headers: { 'retry-after': String(RETRY_AFTER_SECONDS), 'content-type': 'text/plain; charset=utf-8' },
    },
  );
}

/** The bucket's current generation of the state file (0 when it does not exist yet). */
async function generationOf(storage: Storage, url: string): Promise<number> {
  const { bucket, object } = parseGsUrl(url, 'ENCORE_STATE_URL');
  try {
    const [meta] = await storage.bucket(bucket).file(object).getMetadata();
    return Number(meta.generation);
  } catch (error) {
    if (gcsStatus(error) === 404) return 0;
    throw describeGcsFailure(error, url, 'read');
  }
}

interface FreshnessDeps {
  maxAgeMs: number;
  busy(): boolean;
  current(): Promise<number>;
  saved(): number | undefined;
  refresh(): Promise<unknown>;
  logger: Logger;
}

/**
 * Returns a check for page requests: at most one metadata call per `maxAgeMs` (concurrent
 * pages share it), and a download only when the generation moved. While a run is in
 * progress the shared handle already reads the newest file, so pages do not wait for it.
 * A failed check is logged and the page is served from the copy it has.
 */
function freshness(deps: FreshnessDeps): () => Promise<void> {
  let checkedAt = Number.NEGATIVE_INFINITY;
  let inFlight: Promise<void> | undefined;
  const check = async () => {
    const generation = await deps.current();
    // 0: nothing in the bucket yet; the first job (or change) creates it, not a page view.
    if (generation > 0 && generation !== deps.saved() && !deps.busy()) await deps.refresh();
  };
  return () => {
    if (inFlight) return inFlight;
    if (deps.busy() || performance.now() - checkedAt < deps.maxAgeMs) return Promise.resolve();
    checkedAt = performance.now();
    inFlight = check()
      .catch((error) =>
        deps.logger.warn('could not check the remote state; pages show the local copy', {
          error: redact((error as Error).message),
        }),
      )
      .finally(() => (inFlight = undefined));
    return inFlight;
  };
}
