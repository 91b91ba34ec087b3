/**
 * What forwarding needs from the configuration: one HTTP client per API (shared by every
 * target, so rate limits and pauses are shared too), the cipher for the stored secrets, and a
 * ForwardClient for a stored target.
 */
import { join } from 'node:path';
import type { Config } from '../config/config.ts';
import { CallCounter, createHttpClient, type HttpClient, type HttpClientOptions } from '../http/index.ts';
import { cipherFromConfig, type TokenCipher } from '../spotify/token-crypto.ts';
import type { Clock } from '../util/clock.ts';
import type { Logger } from '../util/logger.ts';
import { type LastfmApp, lastfmClient } from './lastfm.ts';
import { listenBrainzClient, listenBrainzRateLimit } from './listenbrainz.ts';
import type { ForwardTarget } from './targets.ts';
import type { ForwardClient } from './types.ts';

export interface ForwardRuntime {
  listenbrainz: HttpClient;
  lastfm: HttpClient;
  /** The Last.fm API account, when LASTFM_API_KEY and LASTFM_API_SECRET are set. */
  lastfmApp: LastfmApp | undefined;
  lastfmAuthUrl: string;
  cipher: TokenCipher;
  counter: CallCounter;
  clientFor(target: ForwardTarget): ForwardClient;
}

export interface ForwardRuntimeOptions {
  config: Config;
  clock: Clock;
  logger: Logger;
  counter?: CallCounter;
  /** Backoff base for 5xx retries (tests and the benchmark shorten it). */
  backoffBaseMs?: number;
  /** How long one request may take (default 15 s). */
  timeoutMs?: number;
}

export function lastfmAppFrom(config: Config): LastfmApp | undefined {
  const { lastfmApiKey: apiKey, lastfmApiSecret: apiSecret } = config.forward;
  return apiKey && apiSecret ? { apiKey, apiSecret } : undefined;
}

export function createForwardRuntime(options: ForwardRuntimeOptions): ForwardRuntime {
  const { config, clock, logger } = options;
  const counter = options.counter ?? new CallCounter();
  const common = {
    clock,
    logger,
    counter,
    deferThresholdMs: config.deferThresholdMs,
    backoffBaseMs: options.backoffBaseMs ?? 1000,
    maxRetries: 4,
    maxRateLimitWaits: 8,
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    headers: { 'User-Agent': 'encore (+https://github.com/encore-music/encore)' },
  };
  const listenbrainz = createHttpClient({
    ...common,
    api: 'listenbrainz',
    baseUrl: config.forward.listenbrainzApiUrl,
    rateLimitPolicy: listenBrainzRateLimit,
  });
  // Last.fm asks for no more than about five calls a second per API key.
  const lastfm = createHttpClient({
    ...common,
    api: 'lastfm',
    baseUrl: config.forward.lastfmApiUrl,
    ratePerSecond: 5,
  });
  const writers = submitClients(config, common);
  const cipher = cipherFromConfig({
    secretKey: config.secretKey,
    keyFile: join(config.dataDir, 'encore.key'),
  });
  const lastfmApp = lastfmAppFrom(config);
  return {
    listenbrainz,
    lastfm,
    lastfmApp,
    lastfmAuthUrl: config.forward.lastfmAuthUrl,
    cipher,
    counter,
    clientFor(target) {
      const secret = cipher.decrypt(target.secretEnc);
      if (target.kind === 'listenbrainz')
        return listenBrainzClient(listenbrainz, secret, target.remoteUser, writers.listenbrainz);
      if (!lastfmApp)
        throw new Error('LASTFM_API_KEY and LASTFM_API_SECRET must be set to forward plays to Last.fm.');
      return lastfmClient(lastfm, lastfmApp, secret, target.remoteUser, writers.lastfm);
    },
  };
}

/**
 * Submissions are never re-sent by the HTTP layer after a 5xx or a timeout: the batch may
 * have arrived, so the driver asks the target first (429s are still waited out there).
 */
function submitClients(config: Config, common: Omit<HttpClientOptions, 'api' | 'baseUrl'>) {
  return {
    listenbrainz: createHttpClient({
      ...common,
      maxRetries: 0,
      api: 'listenbrainz',
      baseUrl: config.forward.listenbrainzApiUrl,
      rateLimitPolicy: listenBrainzRateLimit,
    }),
    lastfm: createHttpClient({
      ...common,
      maxRetries: 0,
      api: 'lastfm',
      baseUrl: config.forward.lastfmApiUrl,
      ratePerSecond: 5,
    }),
  };
}
