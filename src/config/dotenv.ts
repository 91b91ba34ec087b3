import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';

// A setting's name as a shell would accept it; anything else in a key is a parse accident.
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Reads a `.env` file with Node's own parser (`util.parseEnv`: `KEY=value` lines, `#`
 * comments, optional `export ` prefix, single, double or back quotes, `\n` in double
 * quotes). Missing file → empty object.
 */
export function readDotenv(path: string): Record<string, string> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return {};
  }
  const out: Record<string, string> = {};
  for (const [rawKey, value] of Object.entries(parseEnv(text))) {
    // parseEnv takes everything before a "=" as the key, so a stray line without one
    // ("oops", a typo) glues itself to the next setting's name: keep that setting, by
    // its last line, and drop keys no shell would accept.
    const key = rawKey
      .split(/\r?\n/)
      .pop()!
      .trim()
      .replace(/^export\s+/, '');
    if (value !== undefined && NAME.test(key)) out[key] = value;
  }
  return out;
}
