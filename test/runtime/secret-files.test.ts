import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/config.ts';
import { createLogger } from '../../src/util/logger.ts';
import { TEST_SECRET_KEY } from '../helpers/harness.ts';

const dir = mkdtempSync(join(tmpdir(), 'encore-secrets-'));

/** A secret file as Docker or a Secret Manager mount writes it; private unless told otherwise. */
function secretFile(name: string, content: string, mode = 0o600): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  chmodSync(path, mode);
  return path;
}

const load = (env: Record<string, string>) =>
  loadConfig({
    env: { ENCORE_DATA_DIR: dir, ENCORE_SECRET_KEY: TEST_SECRET_KEY, ENCORE_DEMO: 'true', ...env },
    dotenvPath: null,
    cwd: dir,
  });

function configError(env: Record<string, string>): ConfigError {
  try {
    load(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('NAME_FILE secret settings', () => {
  it('reads the secret from the file, without the trailing newline, with no warning', () => {
    const path = secretFile('job-secret', 'file-held-job-secret-77\n');
    const config = load({ ENCORE_JOB_SECRET_FILE: path });
    expect(config.jobSecret).toBe('file-held-job-secret-77');
    expect(config.warnings).toEqual([]);
  });

  it('reads every secret setting that way (the encryption key too), relative paths from the cwd', () => {
    secretFile('key', `${TEST_SECRET_KEY}\n`);
    const config = loadConfig({
      env: { ENCORE_DATA_DIR: dir, ENCORE_SECRET_KEY_FILE: 'key', ENCORE_DEMO: 'true' },
      dotenvPath: null,
      cwd: dir,
    });
    expect(config.secretKey).toBe(TEST_SECRET_KEY);
  });

  it('a value read from a file is never logged', () => {
    const path = secretFile('logged-secret', 'never-print-this-value-9');
    load({ ENCORE_JOB_SECRET_FILE: path });
    const lines: string[] = [];
    const logger = createLogger({ json: true, write: (l) => lines.push(l) });
    logger.error('request failed with never-print-this-value-9', { detail: 'x never-print-this-value-9 y' });
    expect(lines.join('\n')).not.toContain('never-print-this-value-9');
    expect(lines.join('\n')).toContain('[redacted]');
  });

  it('a missing file is an error naming the variable and the path', () => {
    const missing = join(dir, 'no-such-secret');
    const error = configError({ ENCORE_JOB_SECRET_FILE: missing });
    expect(error.variable).toBe('ENCORE_JOB_SECRET_FILE');
    expect(error.message).toBe(`ENCORE_JOB_SECRET_FILE: the secret file ${missing} does not exist.`);
  });

  it('a folder, an empty file or an unreadable one is an error that never shows the content', () => {
    const folder = join(dir, 'a-folder');
    mkdirSync(folder, { recursive: true });
    expect(configError({ ENCORE_JOB_SECRET_FILE: folder }).message).toContain('is a folder, not a file');
    const empty = secretFile('empty', '\n');
    expect(configError({ ENCORE_JOB_SECRET_FILE: empty }).message).toContain('is empty');
    if (process.getuid?.() !== 0) {
      // root reads any file, so this case only exists for other users
      const locked = secretFile('locked', 'locked-secret-content-5', 0o000);
      const error = configError({ ENCORE_JOB_SECRET_FILE: locked });
      expect(error.message).toContain('is not readable by this user');
      expect(error.message).not.toContain('locked-secret-content-5');
    }
  });

  it('warns (without the content) when the file is readable by every user', () => {
    const path = secretFile('open-secret', 'world-readable-secret-3', 0o644);
    const config = load({ ENCORE_JOB_SECRET_FILE: path });
    expect(config.jobSecret).toBe('world-readable-secret-3');
    expect(config.warnings).toHaveLength(1);
    expect(config.warnings?.[0]).toContain('ENCORE_JOB_SECRET_FILE');
    expect(config.warnings?.[0]).toContain(`chmod 600 ${path}`);
    expect(config.warnings?.[0]).toContain('mode 644');
    expect(config.warnings?.[0]).not.toContain('world-readable-secret-3');
  });

  it('NAME and NAME_FILE both set is an error, showing neither value', () => {
    const path = secretFile('both', 'from-the-file-secret-1');
    const error = configError({ ENCORE_JOB_SECRET: 'from-the-env-secret-2', ENCORE_JOB_SECRET_FILE: path });
    expect(error.message).toBe(
      'ENCORE_JOB_SECRET and ENCORE_JOB_SECRET_FILE are both set; keep only one of them.',
    );
    expect(error.message).not.toContain('from-the-file-secret-1');
    expect(error.message).not.toContain('from-the-env-secret-2');
  });
});
