import { readFileSync } from 'node:fs';

let cached: string | undefined;

/** encore's version from package.json (read once); `0.0.0` if it cannot be read. */
export function encoreVersion(): string {
  if (cached) return cached;
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version?: unknown;
    };
    cached = typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    cached = '0.0.0';
  }
  return cached;
}
