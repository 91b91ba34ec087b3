import { createHash, randomBytes } from 'node:crypto';

/** Hex SHA-256 of a secret: what the database keeps instead of the secret itself. */
export function secretHash(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** A short public handle (`tok_3f9a1c2b`) to list and revoke a secret without showing it. */
export function publicHandle(prefix: string): string {
  return `${prefix}_${randomBytes(4).toString('hex')}`;
}
