import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';

/** A `NAME_FILE` setting that cannot be used; the message names the variable and the path, never the content. */
export class SecretFileError extends Error {
  constructor(
    message: string,
    readonly variable: string,
  ) {
    super(message);
    this.name = 'SecretFileError';
  }
}

export interface SecretFileResult {
  /** Secret values read from files, keyed by the setting they stand for (e.g. ENCORE_JOB_SECRET). */
  values: Record<string, string>;
  /** Problems that do not stop encore (a file others can read). */
  warnings: string[];
}

/**
 * Docker and Cloud Run hand secrets over as files (`/run/secrets/...`, Secret Manager
 * volume mounts), so every secret setting NAME also accepts NAME_FILE=/path. The file's
 * content (without the trailing newline editors add) becomes NAME. Setting both is an
 * error: which one wins would be a guess.
 */
export function readSecretFiles(
  settings: Record<string, string | undefined>,
  secretNames: readonly string[],
  cwd: string,
): SecretFileResult {
  const values: Record<string, string> = {};
  const warnings: string[] = [];
  for (const name of secretNames) {
    const fileVariable = `${name}_FILE`;
    const given = settings[fileVariable];
    if (!given) continue;
    if (settings[name])
      throw new SecretFileError(
        `${name} and ${fileVariable} are both set; keep only one of them.`,
        fileVariable,
      );
    const path = isAbsolute(given) ? given : resolve(cwd, given);
    values[name] = readSecret(path, fileVariable);
    const mode = statSync(path).mode;
    if (mode & 0o004)
      warnings.push(
        `${fileVariable}: ${path} is readable by every user on this machine (mode ${(mode & 0o777).toString(8)}); run \`chmod 600 ${path}\` (inside a single-user container this is harmless)`,
      );
  }
  return { values, warnings };
}

function readSecret(path: string, variable: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'does not exist'
        : code === 'EACCES'
          ? 'is not readable by this user'
          : code === 'EISDIR'
            ? 'is a folder, not a file'
            : `cannot be read (${code ?? 'error'})`;
    throw new SecretFileError(`${variable}: the secret file ${path} ${why}.`, variable);
  }
  const value = text.replace(/\r?\n$/, '');
  if (value.trim() === '')
    throw new SecretFileError(`${variable}: the secret file ${path} is empty.`, variable);
  return value;
}
