import { createHash, randomBytes } from 'node:crypto';

/** Scopes encore asks for: listening history, now playing, top items, and managing its own playlists. */
export const SPOTIFY_SCOPES = [
  'user-read-recently-played',
  'user-read-currently-playing',
  'user-top-read',
  'playlist-read-private',
  'playlist-modify-private',
  'playlist-modify-public',
];

export interface PkcePair {
  verifier: string;
  challenge: string;
}

export function createPkcePair(): PkcePair {
  const verifier = randomBytes(48).toString('base64url'); // 64 chars, within 43..128
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export function randomState(): string {
  return randomBytes(16).toString('base64url');
}

export function authorizeUrl(options: {
  accountsUrl: string;
  clientId: string;
  redirectUri: string;
  challenge: string;
  state: string;
  scopes?: string[];
}): string {
  const url = new URL(`${options.accountsUrl}/authorize`);
  url.search = new URLSearchParams({
    client_id: options.clientId,
    response_type: 'code',
    redirect_uri: options.redirectUri,
    code_challenge_method: 'S256',
    code_challenge: options.challenge,
    state: options.state,
    scope: (options.scopes ?? SPOTIFY_SCOPES).join(' '),
  }).toString();
  return url.toString();
}
