import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { SetupError } from '../util/errors.ts';

/**
 * Tokens are encrypted at rest with AES-256-GCM. The key comes from ENCORE_SECRET_KEY
 * (32 bytes, base64 or hex) or from a key file created on first use with mode 0600.
 * Stored form: `v1:<iv b64>:<tag b64>:<ciphertext b64>`.
 */
export interface TokenCipher {
  encrypt(plain: string): string;
  decrypt(stored: string): string;
}

export class KeyError extends SetupError {
  readonly code = 'secret_key';
}

export function parseKey(value: string): Buffer {
  const trimmed = value.trim();
  const candidates = [
    /^[0-9a-f]{64}$/i.test(trimmed) ? Buffer.from(trimmed, 'hex') : undefined,
    Buffer.from(trimmed, 'base64'),
  ];
  const key = candidates.find((k) => k?.length === 32);
  if (!key)
    throw new KeyError(
      'ENCORE_SECRET_KEY: expected 32 bytes as base64 or hex (generate one with `openssl rand -base64 32`).',
    );
  return key;
}

/** Reads the key file, creating it (0600) when absent. */
export function loadOrCreateKeyFile(path: string): Buffer {
  if (existsSync(path)) {
    const key = Buffer.from(readFileSync(path, 'utf8').trim(), 'base64');
    if (key.length !== 32)
      throw new KeyError(`The key file ${path} is damaged (expected 32 bytes of base64).`);
    return key;
  }
  mkdirSync(dirname(path), { recursive: true });
  const key = randomBytes(32);
  writeFileSync(path, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(path, 0o600);
  return key;
}

export function createTokenCipher(key: Buffer): TokenCipher {
  return {
    encrypt(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return [
        'v1',
        iv.toString('base64'),
        cipher.getAuthTag().toString('base64'),
        body.toString('base64'),
      ].join(':');
    },
    decrypt(stored) {
      const [version, iv, tag, body] = stored.split(':');
      if (version !== 'v1' || !iv || !tag || body === undefined)
        throw new KeyError('A stored token has an unknown format.');
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
        decipher.setAuthTag(Buffer.from(tag, 'base64'));
        return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString(
          'utf8',
        );
      } catch {
        throw new KeyError(
          'A stored token cannot be decrypted with the current key (ENCORE_SECRET_KEY or the key file changed). Reconnect the account with `encore connect`.',
        );
      }
    },
  };
}

export function cipherFromConfig(options: { secretKey?: string; keyFile: string }): TokenCipher {
  return createTokenCipher(
    options.secretKey ? parseKey(options.secretKey) : loadOrCreateKeyFile(options.keyFile),
  );
}
