import { join } from 'node:path';
import type { Config } from '../config/config.ts';
import { CallCounter, createHttpClient } from '../http/index.ts';
import type { Db } from '../store/db.ts';
import { readState, writeState } from '../store/sync-state.ts';
import type { Clock } from '../util/clock.ts';
import type { Logger } from '../util/logger.ts';
import { type AccountsClient, createAccountsClient } from './accounts.ts';
import { Capabilities, type CapabilityFlags } from './capabilities.ts';
import { SpotifyClient } from './client.ts';
import { cipherFromConfig } from './token-crypto.ts';
import { type AccessTokenProvider, createAccessTokenProvider } from './token-provider.ts';
import { TokenStore } from './token-store.ts';

export interface SpotifyRuntime {
  client: SpotifyClient;
  accounts: AccountsClient;
  tokens: TokenStore;
  tokenProvider: AccessTokenProvider;
  counter: CallCounter;
  clientId: string;
  redirectUri: string;
  accountsUrl: string;
}

export interface SpotifyEndpoints {
  clientId: string;
  accountsUrl: string;
  apiUrl: string;
  redirectUri: string;
}

const CAPABILITIES_KEY = 'spotify:capabilities';

/**
 * Wires the Spotify pieces together from configuration: one throttled HTTP queue for the
 * Web API and one for the accounts service, sharing a call counter; encrypted token
 * storage; capability flags remembered in the database.
 */
export async function createSpotifyRuntime(deps: {
  config: Config;
  endpoints: SpotifyEndpoints;
  db: Db;
  clock: Clock;
  logger: Logger;
  counter?: CallCounter;
  fetch?: typeof fetch;
}): Promise<SpotifyRuntime> {
  const { config, endpoints, db, clock, logger } = deps;
  const counter = deps.counter ?? new CallCounter();
  const common = { clock, counter, logger, fetch: deps.fetch, deferThresholdMs: config.deferThresholdMs };
  const api = createHttpClient({ ...common, api: 'spotify', baseUrl: endpoints.apiUrl, ratePerSecond: 8 });
  const accountsHttp = createHttpClient({
    ...common,
    api: 'spotify-accounts',
    baseUrl: endpoints.accountsUrl,
    ratePerSecond: 2,
  });
  const cipher = cipherFromConfig({
    secretKey: config.secretKey,
    keyFile: join(config.dataDir, 'encore.key'),
  });
  const tokens = new TokenStore(db, cipher);
  const accounts = createAccountsClient(accountsHttp, {
    clientId: endpoints.clientId,
    redirectUri: endpoints.redirectUri,
  });
  const tokenProvider = createAccessTokenProvider({ store: tokens, accounts, clock, logger });
  const flags = (await readState<CapabilityFlags>(db, CAPABILITIES_KEY)) ?? {};
  const capabilities = new Capabilities(flags, (next) => writeState(db, CAPABILITIES_KEY, next));
  return {
    client: new SpotifyClient(api, tokenProvider, clock, capabilities),
    accounts,
    tokens,
    tokenProvider,
    counter,
    clientId: endpoints.clientId,
    redirectUri: endpoints.redirectUri,
    accountsUrl: endpoints.accountsUrl,
  };
}
