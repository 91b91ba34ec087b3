import type { Db } from '../store/db.ts';
import { upsertUser } from '../store/users.ts';
import type { Clock } from '../util/clock.ts';
import { authorizeUrl, createPkcePair, randomState } from './pkce.ts';
import type { SpotifyRuntime } from './runtime.ts';
import { AuthError } from '../util/errors.ts';

/** Development Mode apps serve at most five allow-listed users. */
export const MAX_ACCOUNTS = 5;

export class ConnectError extends AuthError {
  readonly code = 'connect_failed';
}

export interface PendingConnect {
  url: string;
  state: string;
  verifier: string;
}

export function beginConnect(spotify: SpotifyRuntime): PendingConnect {
  const pkce = createPkcePair();
  const state = randomState();
  const url = authorizeUrl({
    accountsUrl: spotify.accountsUrl,
    clientId: spotify.clientId,
    redirectUri: spotify.redirectUri,
    challenge: pkce.challenge,
    state,
  });
  return { url, state, verifier: pkce.verifier };
}

export interface ConnectedAccount {
  userId: string;
  displayName: string | null;
  reconnected: boolean;
}

/**
 * Finishes the PKCE flow: checks `state`, exchanges the code, learns who connected, and
 * stores the account with its encrypted tokens. A sixth account is refused.
 */
export async function completeConnect(
  deps: { db: Db; spotify: SpotifyRuntime; clock: Clock },
  pending: PendingConnect,
  callback: { code?: string | null; state?: string | null; error?: string | null },
): Promise<ConnectedAccount> {
  if (callback.error) {
    throw new ConnectError(
      callback.error === 'access_denied'
        ? 'You declined the Spotify authorisation.'
        : `Spotify answered: ${callback.error}.`,
    );
  }
  if (!callback.code || callback.state !== pending.state) {
    throw new ConnectError(
      'The Spotify callback did not match this connection attempt (state mismatch). Start `encore connect` again.',
    );
  }
  const tokens = await deps.spotify.accounts.exchangeCode(callback.code, pending.verifier);
  if (!tokens.refresh_token)
    throw new ConnectError(
      'Spotify did not return a refresh token; encore cannot keep this account connected.',
    );
  const now = deps.clock.now();
  // Learn the user id with the fresh access token before storing anything.
  const meResponse = await deps.spotify.client.meWithToken(tokens.access_token);
  const existing = await deps.spotify.tokens.get(meResponse.id).catch(() => undefined);
  if (!existing) {
    const count = (await deps.spotify.tokens.all()).length;
    if (count >= MAX_ACCOUNTS) {
      throw new ConnectError(
        `encore already has ${MAX_ACCOUNTS} connected accounts, the most a Spotify Development Mode app allows. Remove one first.`,
      );
    }
  }
  await upsertUser(deps.db, { userId: meResponse.id, displayName: meResponse.display_name ?? null });
  await deps.spotify.tokens.saveConnection(
    meResponse.id,
    {
      refreshToken: tokens.refresh_token,
      accessToken: tokens.access_token,
      expiresAt: now + tokens.expires_in * 1000,
      scopes: tokens.scope,
    },
    now,
  );
  return {
    userId: meResponse.id,
    displayName: meResponse.display_name ?? null,
    reconnected: Boolean(existing),
  };
}
