/**
 * The control channel's secret: 32 random bytes that `encore serve` writes at start to a
 * file only its user can read (mode 0600), and that a CLI must send back. Whoever can
 * read the file could open the database anyway; nobody else can run commands.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Writes a new token (replacing any earlier one) and returns it. */
export function createToken(path: string): string {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const token = randomBytes(32).toString('hex');
  // Written under another name and renamed: a reader never sees half a token, and the mode
  // is the new file's own (an existing file would keep its old mode).
  const temp = `${path}.${process.pid}.tmp`;
  rmSync(temp, { force: true });
  writeFileSync(temp, `${token}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(temp, 0o600); // the umask could have taken bits away, never added; make it exact
  renameSync(temp, path);
  return token;
}

/** The token a running server wrote, or undefined when there is none; other errors (EACCES) throw. */
export function readToken(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Constant-time comparison (hashed first, so the lengths match whatever was sent). */
export function tokensMatch(expected: string, given: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(expected), digest(given)) && expected.length > 0;
}

export function removeToken(path: string): void {
  rmSync(path, { force: true });
}
