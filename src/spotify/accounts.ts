import { z } from 'zod';
import { type HttpClient, HttpError } from '../http/index.ts';

const tokenResponse = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  scope: z.string().optional().default(''),
  expires_in: z.number().int().positive(),
  refresh_token: z.string().min(1).optional(),
});
export type TokenResponse = z.infer<typeof tokenResponse>;

/** The refresh token is dead (revoked, reused, or past the 6-month consent lifetime). */
export class InvalidGrantError extends Error {
  constructor(readonly description: string) {
    super(`Spotify refused the refresh token (invalid_grant: ${description})`);
    this.name = 'InvalidGrantError';
  }
}

export interface AccountsClient {
  exchangeCode(code: string, verifier: string): Promise<TokenResponse>;
  refresh(refreshToken: string): Promise<TokenResponse>;
}

/** The accounts service's token endpoint, for Authorization Code with PKCE. */
export function createAccountsClient(
  http: HttpClient,
  app: { clientId: string; redirectUri: string },
): AccountsClient {
  async function token(form: Record<string, string>): Promise<TokenResponse> {
    try {
      const res = await http.request({
        method: 'POST',
        path: '/api/token',
        form,
        schema: tokenResponse,
        endpoint: 'POST /api/token',
      });
      return res.data!;
    } catch (error) {
      if (error instanceof HttpError && error.status === 400) {
        const body = error.json as { error?: string; error_description?: string } | undefined;
        if (body?.error === 'invalid_grant')
          throw new InvalidGrantError(body.error_description ?? 'refresh token no longer valid');
      }
      throw error;
    }
  }
  return {
    exchangeCode: (code, verifier) =>
      token({
        grant_type: 'authorization_code',
        code,
        redirect_uri: app.redirectUri,
        client_id: app.clientId,
        code_verifier: verifier,
      }),
    refresh: (refreshToken) =>
      token({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: app.clientId }),
  };
}
