/**
 * `gs://BUCKET/OBJECT` settings. Bucket names follow Cloud Storage's rules (3–63
 * characters of lowercase letters, digits, `-`, `_`, `.`, starting and ending with a letter
 * or digit), so a typo is caught when encore starts rather than as a 404 a week later.
 */
import { ConfigError, describeSetting } from '../config/config.ts';

export interface GsLocation {
  bucket: string;
  object: string;
}

export const GS_URL_PATTERN = /^gs:\/\/([a-z0-9][a-z0-9._-]{1,61}[a-z0-9])\/(\S.*)$/;

export function parseGsUrl(value: string, variable: string): GsLocation {
  const match = GS_URL_PATTERN.exec(value.trim());
  if (!match || match[2]!.endsWith('/'))
    throw new ConfigError(
      describeSetting(variable, `expected gs://BUCKET/path/to/object (got "${value}")`),
      variable,
    );
  return { bucket: match[1]!, object: match[2]! };
}

export function gsUrl(location: GsLocation): string {
  return `gs://${location.bucket}/${location.object}`;
}
