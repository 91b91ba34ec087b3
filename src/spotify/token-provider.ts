import type { Clock } from '../util/clock.ts';
import type { Logger } from '../util/logger.ts';
import { type AccountsClient, InvalidGrantError } from './accounts.ts';
import { consentStatus, type TokenStore } from './token-store.ts';
import { AuthError } from '../util/errors.ts';

/** This account must be connected again (`encore connect`); the others keep working. */
export class ReconnectNeededError extends AuthError {
  readonly code = 'reconnect_needed';

  constructor(
    readonly userId: string,
    readonly reason: string,
  ) {
    super(
      `Spotify account ${userId} needs to be connected again (${reason}). Run \`encore connect\` or sign in on the web page.`,
    );
    this.name = 'ReconnectNeededError';
  }
}

export interface AccessTokenProvider {
  /** A valid access token, refreshing (and rotating the refresh token) when needed. */
  accessToken(userId: string, options?: { forceRefresh?: boolean }): Promise<string>;
}

const EARLY_REFRESH_MS = 60_000;

/**
 * Hands out access tokens. Refreshes are serialised per account because PKCE refresh
 * tokens are single-use: two concurrent refreshes with the same token would revoke it.
 */
export function createAccessTokenProvider(deps: {
  store: TokenStore;
  accounts: AccountsClient;
  clock: Clock;
  logger: Logger;
}): AccessTokenProvider {
  const inFlight = new Map<string, Promise<string>>();

  async function refresh(userId: string, force: boolean): Promise<string> {
    const stored = await deps.store.get(userId);
    if (!stored) throw new ReconnectNeededError(userId, 'no stored token');
    if (stored.state === 'reconnect_needed')
      throw new ReconnectNeededError(userId, stored.stateReason ?? 'reconnect needed');
    const now = deps.clock.now();
    if (
      !force &&
      stored.accessToken &&
      stored.accessExpiresAt &&
      stored.accessExpiresAt - EARLY_REFRESH_MS > now
    ) {
      return stored.accessToken;
    }
    if (consentStatus(stored.consentedAt, now).expired) {
      const reason = 'the 6-month Spotify consent has expired';
      await deps.store.markReconnectNeeded(userId, reason);
      throw new ReconnectNeededError(userId, reason);
    }
    try {
      const result = await deps.accounts.refresh(stored.refreshToken);
      // Persist before use: the old refresh token is already revoked by Spotify.
      await deps.store.saveRefresh(userId, {
        refreshToken: result.refresh_token ?? stored.refreshToken,
        accessToken: result.access_token,
        expiresAt: deps.clock.now() + result.expires_in * 1000,
      });
      return result.access_token;
    } catch (error) {
      if (error instanceof InvalidGrantError) {
        const reason = `Spotify refused the saved authorisation: ${error.description}`;
        await deps.store.markReconnectNeeded(userId, reason);
        deps.logger.warn('account needs reconnecting', { user: userId, reason: error.description });
        throw new ReconnectNeededError(userId, reason);
      }
      throw error;
    }
  }

  return {
    accessToken(userId, options = {}) {
      const pending = inFlight.get(userId);
      if (pending) return pending;
      const work = refresh(userId, options.forceRefresh ?? false).finally(() => inFlight.delete(userId));
      inFlight.set(userId, work);
      return work;
    },
  };
}
