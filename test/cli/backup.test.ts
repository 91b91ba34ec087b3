import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatCount } from '../../src/util/numbers.ts';
import { freePort } from '../web/web-harness.ts';

/** `encore backup` / `encore restore` as a user runs them: real processes, real DuckDB files. */

const ROOT = join(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/encore.js');
const root = mkdtempSync(join(tmpdir(), 'encore-backup-'));
const SOURCE = join(root, 'source');
let server: ChildProcess | undefined;

function encore(dataDir: string, args: string[], extra: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: root,
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      ENCORE_TIMEZONE: 'UTC',
      ENCORE_DATA_DIR: dataDir,
      ...extra,
    },
    timeout: 120_000,
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

/** What a restore must bring back: the account's status and its all-time figures. */
function figures(dataDir: string) {
  const status = JSON.parse(encore(dataDir, ['status', '--json']).out)[0];
  const stats = JSON.parse(encore(dataDir, ['stats', '--range', 'all', '--json']).out);
  return {
    userId: status.userId,
    playsStored: status.playsStored,
    kpis: stats.dashboard.kpis,
    tops: stats.dashboard.topArtists,
  };
}

/** Unpacks with the system tar, lets `change` edit the manifest, packs it again (ustar). */
function repack(archive: string, name: string, change: (manifest: Record<string, unknown>) => void): string {
  const dir = join(root, `${name}-dir`);
  mkdirSync(dir);
  expect(spawnSync('tar', ['-xzf', archive, '-C', dir]).status).toBe(0);
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  change(manifest);
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  const out = join(root, `${name}.tar.gz`);
  const files = ['manifest.json', 'database.duckdb', 'files/encore.key'];
  expect(spawnSync('tar', ['--format=ustar', '-czf', out, '-C', dir, ...files]).status).toBe(0);
  return out;
}

afterAll(() => {
  server?.kill('SIGTERM');
});

describe('encore backup and restore (real processes)', () => {
  let archive = '';

  it('backs up a data folder and restores it elsewhere with the same plays and stats', () => {
    expect(encore(SOURCE, ['connect', '--demo-user', 'demo-bob']).code).toBe(0);
    const before = figures(SOURCE);
    expect(before.playsStored).toBeGreaterThan(1000);
    const backup = encore(SOURCE, ['backup']);
    expect(backup.code, backup.err).toBe(0);
    expect(backup.out).toMatch(/^Backed up [\d,]+ plays of 1 account\(s\) and 1 other file\(s\) to /);
    const made = readdirSync(join(SOURCE, 'backups'));
    expect(made).toEqual([expect.stringMatching(/^encore-backup-\d{8}-\d{6}\.tar\.gz$/)]);
    archive = join(SOURCE, 'backups', made[0]!);
    const target = join(root, 'restored');
    const restored = encore(target, ['restore', archive]);
    expect(restored.code, restored.err).toBe(0);
    expect(restored.out).toContain(`Restored ${formatCount(before.playsStored)} plays of 1 account(s)`);
    // The key file that decrypts the stored tokens came along, byte for byte.
    expect(readFileSync(join(target, 'encore.key'))).toEqual(readFileSync(join(SOURCE, 'encore.key')));
    expect(figures(target)).toEqual(before);
  }, 400_000);

  it('refuses a non-empty data folder without --force, and replaces it with --force', () => {
    const target = join(root, 'restored');
    const again = encore(target, ['restore', archive]);
    expect(again.code).toBe(2);
    expect(again.err).toMatch(/the data folder .* is not empty \(.*encore-demo\.duckdb.*\)\. Pass --force/);
    writeFileSync(join(target, 'stray.txt'), 'made after the backup');
    const forced = encore(target, ['restore', archive, '--force']);
    expect(forced.code, forced.err).toBe(0);
    expect(forced.out).toContain('the previous data folder was replaced');
    expect(existsSync(join(target, 'stray.txt'))).toBe(false);
  }, 120_000);

  it('refuses a damaged or truncated archive and leaves the folder as it was', () => {
    const bytes = readFileSync(archive);
    const damaged = join(root, 'damaged.tar.gz');
    const flipped = Buffer.from(bytes);
    for (let i = 2000; i < 2100; i++) flipped[i] = flipped[i]! ^ 0xff;
    writeFileSync(damaged, flipped);
    const truncated = join(root, 'truncated.tar.gz');
    writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const target = join(root, 'untouched');
    for (const file of [damaged, truncated]) {
      const result = encore(target, ['restore', file]);
      expect(result.code, file).toBe(2);
      expect(result.err).toMatch(
        /^encore: The (archive cannot be read|archive ends|archive is damaged|backup is damaged)/,
      );
      expect(result.err).not.toMatch(/\n\s+at /);
      expect(existsSync(target)).toBe(false);
    }
    const tampered = repack(archive, 'tampered', (m) => {
      const files = m.files as Array<{ name: string; sha256: string }>;
      files.find((f) => f.name === 'files/encore.key')!.sha256 = '0'.repeat(64);
    });
    const result = encore(target, ['restore', tampered]);
    expect([result.code, result.err.trim()]).toEqual([
      2,
      'encore: The backup is damaged: files/encore.key does not match its checksum.',
    ]);
    expect(encore(target, ['restore', join(root, 'nope.tar.gz')]).err).toContain('does not exist');
    expect(existsSync(target)).toBe(false);
  }, 120_000);

  it('refuses a backup from a newer encore (a schema this one does not know)', () => {
    const newer = repack(archive, 'newer', (m) => {
      m.schemaVersion = 999;
      m.encoreVersion = '9.0.0';
    });
    const result = encore(join(root, 'newer-target'), ['restore', newer]);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(
      /This backup is from a newer encore \(9\.0\.0, database schema 999; this encore knows schema \d+ at most\)\. Update encore, then restore\./,
    );
    expect(existsSync(join(root, 'newer-target'))).toBe(false);
  }, 60_000);

  it('backs up while `encore serve` runs: the server makes it, asked over its control socket', async () => {
    const port = await freePort();
    const env = { ENCORE_PORT: String(port), ENCORE_JOB_SECRET: 'job-secret-for-the-backup-test-1234' };
    server = spawn(process.execPath, [BIN, 'serve'], {
      cwd: root,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        ENCORE_TIMEZONE: 'UTC',
        ENCORE_DATA_DIR: SOURCE,
        ...env,
      },
      stdio: 'ignore',
    });
    await waitFor(`http://127.0.0.1:${port}/healthz`, 90_000);
    // No job secret on the CLI's side: the control socket's token file is what lets it in.
    const out = join(root, 'while-serving.tar.gz');
    const viaServer = encore(SOURCE, ['backup', '--out', 'while-serving.tar.gz']);
    expect(viaServer.code, viaServer.err).toBe(0);
    // serve connects every demo account (3).
    expect(viaServer.out).toMatch(/^Backed up [\d,]+ plays of 3 account\(s\) and 1 other file\(s\) to /);
    // The one other file is the key: the control socket's token (.encore-control/) is not backed up.
    expect(viaServer.out).toContain(` to ${out} (`);
    expect(existsSync(out)).toBe(true);
    // POST /jobs/backup stays for cron + curl, behind the job secret.
    const wrong = await fetch(`http://127.0.0.1:${port}/jobs/backup`, {
      method: 'POST',
      headers: { authorization: 'Bearer nope' },
    });
    expect(wrong.status).toBe(401);
    // Restoring into the running server's folder is refused: it holds the database.
    const busy = encore(SOURCE, ['restore', out, '--force']);
    expect([busy.code, busy.err]).toEqual([
      2,
      expect.stringContaining('encore is running with this data folder'),
    ]);
    server.kill('SIGTERM');
    const target = join(root, 'from-server');
    const restored = encore(target, ['restore', out]);
    expect(restored.code, restored.err).toBe(0);
    expect(JSON.parse(encore(target, ['status', '--json']).out)[0].playsStored).toBeGreaterThan(1000);
  }, 400_000);
});

async function waitFor(url: string, ms: number): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    if (Date.now() > until) throw new Error(`${url} did not answer within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
