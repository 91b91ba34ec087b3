import type { Queryable } from '../store/db.ts';
import type { TokenCipher } from './token-crypto.ts';

/** Spotify refresh tokens die six months after the user's consent; refreshing does not extend it. */
export const CONSENT_LIFETIME_MS = 182 * 24 * 3600 * 1000;
export const CONSENT_WARNING_MS = 14 * 24 * 3600 * 1000;

export type TokenState = 'ok' | 'reconnect_needed';

export interface StoredToken {
  userId: string;
  refreshToken: string;
  accessToken: string | null;
  accessExpiresAt: number | null;
  scopes: string;
  consentedAt: number;
  state: TokenState;
  stateReason: string | null;
}

interface TokenRow extends Record<string, unknown> {
  user_id: string;
  refresh_token_enc: string;
  access_token_enc: string | null;
  access_expires_at: Date | null;
  scopes: string;
  consented_at: Date;
  state: TokenState;
  state_reason: string | null;
}

/** Tokens in the database, always encrypted; this is the only code that sees them in clear. */
export class TokenStore {
  constructor(
    private readonly db: Queryable & { transaction?: unknown },
    private readonly cipher: TokenCipher,
  ) {}

  async get(userId: string): Promise<StoredToken | undefined> {
    const row = await this.db.one<TokenRow>('SELECT * FROM tokens WHERE user_id = ?', [userId]);
    return row ? this.fromRow(row) : undefined;
  }

  async all(): Promise<StoredToken[]> {
    const rows = await this.db.all<TokenRow>('SELECT * FROM tokens ORDER BY user_id');
    return rows.map((r) => this.fromRow(r));
  }

  /** A new connection: fresh consent, state ok. */
  async saveConnection(
    userId: string,
    tokens: { refreshToken: string; accessToken: string; expiresAt: number; scopes: string },
    consentedAt: number,
  ): Promise<void> {
    await this.db.run(
      `INSERT INTO tokens (user_id, refresh_token_enc, access_token_enc, access_expires_at, scopes, consented_at, state, state_reason, rotated_at, updated_at)
       VALUES (?, ?, ?, ?::TIMESTAMPTZ, ?, ?::TIMESTAMPTZ, 'ok', NULL, now(), now())
       ON CONFLICT (user_id) DO UPDATE SET refresh_token_enc = excluded.refresh_token_enc, access_token_enc = excluded.access_token_enc,
         access_expires_at = excluded.access_expires_at, scopes = excluded.scopes, consented_at = excluded.consented_at,
         state = 'ok', state_reason = NULL, rotated_at = now(), updated_at = now()`,
      [
        userId,
        this.cipher.encrypt(tokens.refreshToken),
        this.cipher.encrypt(tokens.accessToken),
        new Date(tokens.expiresAt),
        tokens.scopes,
        new Date(consentedAt),
      ],
    );
  }

  /**
   * Stores a refresh result in one statement: the new (single-use) refresh token and the
   * access token together, so that a crash can never leave us holding a revoked token.
   */
  async saveRefresh(
    userId: string,
    tokens: { refreshToken: string; accessToken: string; expiresAt: number },
  ): Promise<void> {
    await this.db.run(
      `UPDATE tokens SET refresh_token_enc = ?, access_token_enc = ?, access_expires_at = ?::TIMESTAMPTZ, rotated_at = now(), updated_at = now()
       WHERE user_id = ?`,
      [
        this.cipher.encrypt(tokens.refreshToken),
        this.cipher.encrypt(tokens.accessToken),
        new Date(tokens.expiresAt),
        userId,
      ],
    );
  }

  async markReconnectNeeded(userId: string, reason: string): Promise<void> {
    await this.db.run(
      `UPDATE tokens SET state = 'reconnect_needed', state_reason = ?, access_token_enc = NULL, access_expires_at = NULL, updated_at = now() WHERE user_id = ?`,
      [reason, userId],
    );
  }

  async remove(userId: string): Promise<void> {
    await this.db.run('DELETE FROM tokens WHERE user_id = ?', [userId]);
  }

  private fromRow(row: TokenRow): StoredToken {
    return {
      userId: row.user_id,
      refreshToken: this.cipher.decrypt(row.refresh_token_enc),
      accessToken: row.access_token_enc ? this.cipher.decrypt(row.access_token_enc) : null,
      accessExpiresAt: row.access_expires_at ? row.access_expires_at.getTime() : null,
      scopes: row.scopes,
      consentedAt: row.consented_at.getTime(),
      state: row.state,
      stateReason: row.state_reason,
    };
  }
}

export interface ConsentStatus {
  expiresAt: number;
  expired: boolean;
  /** True within 14 days of expiry. */
  expiringSoon: boolean;
}

export function consentStatus(consentedAt: number, now: number): ConsentStatus {
  const expiresAt = consentedAt + CONSENT_LIFETIME_MS;
  return {
    expiresAt,
    expired: now >= expiresAt,
    expiringSoon: now < expiresAt && expiresAt - now <= CONSENT_WARNING_MS,
  };
}
