import { safeEqual } from '../security.ts';

export interface JobAuthSettings {
  /** ENCORE_JOB_SECRET: a shared bearer secret (self-hosted schedulers, cron + curl). */
  secret?: string;
  /** ENCORE_JOB_INVOKER: the service-account email Cloud Scheduler's OIDC token names. */
  invoker?: string;
}

export type JobAuthResult = { ok: true; via: 'secret' | 'oidc' } | { ok: false; reason: string };

interface OidcClaims {
  email?: unknown;
  email_verified?: unknown;
  exp?: unknown;
}

/** The claims of a JWT (header.payload.signature), or undefined when it is not one. */
function jwtClaims(token: string): OidcClaims | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as unknown;
    return claims && typeof claims === 'object' ? (claims as OidcClaims) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Who may trigger a job. Either the shared secret, or an OIDC identity token from Cloud
 * Scheduler whose `email` claim is ENCORE_JOB_INVOKER.
 *
 * The token's signature is NOT verified here: on Cloud Run without public access, Google's
 * front end verifies it (and the caller's run.invoker role) before the request reaches the
 * container, and replaces the signature before passing the header on. Setting
 * ENCORE_JOB_INVOKER on a publicly reachable server would let anyone forge such a token —
 * the README's deploy section says so.
 */
export function authorizeJobCall(
  authorization: string | undefined,
  settings: JobAuthSettings,
  now: number,
): JobAuthResult {
  const match = /^Bearer\s+(\S+)$/i.exec((authorization ?? '').trim());
  if (!match) return { ok: false, reason: 'missing bearer token' };
  const token = match[1]!;
  if (settings.secret && safeEqual(token, settings.secret)) return { ok: true, via: 'secret' };
  if (!settings.invoker) return { ok: false, reason: 'wrong bearer secret' };
  const claims = jwtClaims(token);
  if (!claims) return { ok: false, reason: 'wrong bearer secret' };
  if (typeof claims.email !== 'string' || claims.email.toLowerCase() !== settings.invoker.toLowerCase())
    return { ok: false, reason: 'token is not for ENCORE_JOB_INVOKER' };
  if (claims.email_verified === false) return { ok: false, reason: 'token email is not verified' };
  if (typeof claims.exp !== 'number' || claims.exp * 1000 <= now)
    return { ok: false, reason: 'token expired' };
  return { ok: true, via: 'oidc' };
}
