/**
 * The accounts service's memory: registered clients, authorization codes, grants
 * (one per consent), rotating refresh tokens and access tokens. All times come from the
 * sim clock, so a test can jump six months ahead and watch refresh fail.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../../src/util/clock.ts';

export interface SimClient {
  id: string;
  secret: string;
  /** When set, redirect URIs must match one of these exactly (as in the dashboard). */
  redirectUris?: string[];
}

export const DEFAULT_CLIENT: SimClient = { id: 'encoredemoclient0001', secret: 'encoredemosecret0001' };

export const ACCESS_TOKEN_TTL_S = 3600;
export const CODE_TTL_MS = 10 * 60_000;
export const REFRESH_LIFETIME_MONTHS = 6;

interface AuthCode {
  clientId: string;
  userId: string;
  redirectUri: string;
  scope: string[];
  challenge: string | null;
  issuedAt: number;
}

/** One user's consent to one client. Refresh tokens die with it. */
interface Grant {
  id: number;
  userId: string;
  clientId: string;
  scope: string[];
  consentAt: number;
  revoked: boolean;
}

export interface AccessContext {
  /** Null for client-credentials tokens. */
  userId: string | null;
  clientId: string;
  scope: string[];
}

interface AccessToken extends AccessContext {
  expiresAt: number;
}

export interface TokenError {
  ok: false;
  status: 400;
  error: string;
  description: string;
}

export type TokenResult = { ok: true; body: Record<string, unknown> } | TokenError;

export type AccessLookup =
  { ok: true; context: AccessContext } | { ok: false; reason: 'invalid' | 'expired' };

function fail(error: string, description: string): TokenError {
  return { ok: false, status: 400, error, description };
}

export function pkceChallenge(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

/** Calendar months, as "six months from consent" reads to a person. */
export function addMonthsUtc(ms: number, months: number): number {
  const date = new Date(ms);
  date.setUTCMonth(date.getUTCMonth() + months);
  return date.getTime();
}

const token = (prefix: string, bytes: number) => `${prefix}${randomBytes(bytes).toString('base64url')}`;

export class AuthStore {
  private readonly clients = new Map<string, SimClient>();
  private readonly codes = new Map<string, AuthCode>();
  private readonly grants: Grant[] = [];
  /** refresh token → grant id and whether it has been used up. */
  private readonly refreshTokens = new Map<string, { grantId: number; revoked: boolean }>();
  private readonly accessTokens = new Map<string, AccessToken>();

  constructor(
    private readonly clock: Clock,
    clients: SimClient[],
  ) {
    for (const client of clients) this.clients.set(client.id, client);
  }

  client(id: string): SimClient | undefined {
    return this.clients.get(id);
  }

  issueCode(input: Omit<AuthCode, 'issuedAt'>): string {
    const code = token('AQ', 96);
    this.codes.set(code, { ...input, issuedAt: this.clock.now() });
    return code;
  }

  exchangeCode(input: {
    code: string;
    redirectUri: string;
    clientId: string;
    verifier: string | undefined;
    clientAuthenticated: boolean;
  }): TokenResult {
    const code = this.codes.get(input.code);
    if (!code) return fail('invalid_grant', 'Invalid authorization code');
    if (this.clock.now() - code.issuedAt > CODE_TTL_MS)
      return fail('invalid_grant', 'Authorization code expired');
    if (code.clientId !== input.clientId) return fail('invalid_client', 'Invalid client');
    if (code.redirectUri !== input.redirectUri) return fail('invalid_grant', 'Invalid redirect URI');
    if (code.challenge !== null) {
      if (!input.verifier) return fail('invalid_request', 'code_verifier required');
      if (pkceChallenge(input.verifier) !== code.challenge)
        return fail('invalid_grant', 'code_verifier was incorrect');
    } else if (!input.clientAuthenticated) {
      return fail('invalid_client', 'Invalid client');
    }
    // Single use, but only once it succeeded, so a test can retry with the right verifier.
    this.codes.delete(input.code);
    const grant: Grant = {
      id: this.grants.length + 1,
      userId: code.userId,
      clientId: code.clientId,
      scope: code.scope,
      consentAt: code.issuedAt,
      revoked: false,
    };
    this.grants.push(grant);
    return { ok: true, body: { ...this.issueAccess(grant), refresh_token: this.issueRefresh(grant) } };
  }

  /** PKCE clients rotate (`rotate: true`); confidential clients keep their refresh token. */
  refresh(input: { refreshToken: string; clientId: string; rotate: boolean }): TokenResult {
    const record = this.refreshTokens.get(input.refreshToken);
    if (!record) return fail('invalid_grant', 'Invalid refresh token');
    const grant = this.grants[record.grantId - 1] as Grant;
    if (grant.clientId !== input.clientId) return fail('invalid_grant', 'Invalid refresh token');
    if (record.revoked || grant.revoked) return fail('invalid_grant', 'Refresh token revoked');
    if (this.clock.now() >= this.refreshExpiresAt(grant))
      return fail('invalid_grant', 'Refresh token expired');
    const body: Record<string, unknown> = this.issueAccess(grant);
    if (input.rotate) {
      record.revoked = true;
      body.refresh_token = this.issueRefresh(grant);
    }
    return { ok: true, body };
  }

  clientCredentials(clientId: string): TokenResult {
    const access = token('BQ', 90);
    this.accessTokens.set(access, {
      userId: null,
      clientId,
      scope: [],
      expiresAt: this.clock.now() + ACCESS_TOKEN_TTL_S * 1000,
    });
    return { ok: true, body: { access_token: access, token_type: 'Bearer', expires_in: ACCESS_TOKEN_TTL_S } };
  }

  lookupAccessToken(accessToken: string): AccessLookup {
    const record = this.accessTokens.get(accessToken);
    if (!record) return { ok: false, reason: 'invalid' };
    if (this.clock.now() >= record.expiresAt) return { ok: false, reason: 'expired' };
    return { ok: true, context: { userId: record.userId, clientId: record.clientId, scope: record.scope } };
  }

  /** The user removed the app: every refresh token of theirs now fails with invalid_grant. */
  revokeRefreshTokens(userId: string): void {
    for (const grant of this.grants) if (grant.userId === userId) grant.revoked = true;
  }

  /** Moves the consent time of all the user's grants (to test the 6-month lifetime). */
  setConsentTime(userId: string, consentAt: number): void {
    for (const grant of this.grants) if (grant.userId === userId) grant.consentAt = consentAt;
  }

  /** Makes every grant of the user older than the refresh-token lifetime. */
  expireConsent(userId: string): void {
    const longAgo = addMonthsUtc(this.clock.now(), -REFRESH_LIFETIME_MONTHS) - 1;
    this.setConsentTime(userId, longAgo);
  }

  /** Expires the user's access tokens now (all tokens when no user is given). */
  expireAccessTokens(userId?: string): void {
    const now = this.clock.now();
    for (const record of this.accessTokens.values()) {
      if (userId === undefined || record.userId === userId)
        record.expiresAt = Math.min(record.expiresAt, now);
    }
  }

  /** Consent time of the user's most recent grant, if they ever connected. */
  consentTimeOf(userId: string): number | undefined {
    return this.grants.filter((g) => g.userId === userId).at(-1)?.consentAt;
  }

  private refreshExpiresAt(grant: Grant): number {
    return addMonthsUtc(grant.consentAt, REFRESH_LIFETIME_MONTHS);
  }

  private issueAccess(grant: Grant): Record<string, unknown> {
    const access = token('BQ', 90);
    this.accessTokens.set(access, {
      userId: grant.userId,
      clientId: grant.clientId,
      scope: grant.scope,
      expiresAt: this.clock.now() + ACCESS_TOKEN_TTL_S * 1000,
    });
    return {
      access_token: access,
      token_type: 'Bearer',
      scope: grant.scope.join(' '),
      expires_in: ACCESS_TOKEN_TTL_S,
    };
  }

  private issueRefresh(grant: Grant): string {
    const refresh = token('AQ', 96);
    this.refreshTokens.set(refresh, { grantId: grant.id, revoked: false });
    return refresh;
  }
}
