import { createHash } from 'node:crypto';

/**
 * Last.fm's method signature, computed on the simulator's side (independently of encore's
 * client, so a signing bug there shows up as error 13): every parameter except `format`,
 * `callback` and `api_sig`, sorted by name in byte order (`artist[10]` before `artist[1]`),
 * each name followed by its value, then the shared secret; md5 of that UTF-8 text, in hex.
 */
export function lastfmSignature(params: Record<string, string>, secret: string): string {
  const names = Object.keys(params)
    .filter((name) => name !== 'format' && name !== 'callback' && name !== 'api_sig')
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const text = names.map((name) => `${name}${params[name]}`).join('') + secret;
  return createHash('md5').update(text, 'utf8').digest('hex');
}
