import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findShareLink } from '../../src/share/links.ts';
import { openStore } from '../../src/store/open.ts';

const ROOT = join(import.meta.dirname, '../..');
const SECRET_KEY = Buffer.alloc(32, 5).toString('base64');

function encore(args: string[], env: Record<string, string>) {
  const result = spawnSync(process.execPath, [join(ROOT, 'bin/encore.js'), ...args], {
    cwd: env.ENCORE_DATA_DIR,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ENCORE_TIMEZONE: 'UTC', ...env },
    timeout: 60_000,
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

describe('encore share (real processes)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'encore-share-'));
  const env = { ENCORE_DATA_DIR: dir, ENCORE_SECRET_KEY: SECRET_KEY, ENCORE_PORT: '8931' };
  const year = String(new Date().getUTCFullYear());
  // The store the processes wrote (its name depends on demo mode), opened between runs.
  const store = () =>
    openStore(
      join(
        dir,
        readdirSync(dir).find((f) => f.endsWith('.duckdb'))!,
      ),
    );

  it('creates a link (shown once, only its hash stored), lists and revokes it', async () => {
    expect(encore(['connect', '--demo-user', 'demo-bob'], env).code).toBe(0);
    const created = encore(['share', 'create', '--year', year, '--user', 'demo-bob'], env);
    expect(created.err).toBe('');
    expect(created.code).toBe(0);
    const url = /^http:\/\/127\.0\.0\.1:8931\/share\/([A-Za-z0-9_-]{43})$/m.exec(created.out);
    expect(url, created.out).not.toBeNull();
    const id = /Share (shr_[0-9a-f]{8}):/.exec(created.out)![1]!;

    const list = encore(['share', 'list'], env); // the only account: no --user needed
    expect(list.code).toBe(0);
    expect(list.out.split('\n')[0]).toMatch(/^id\s+year\s+created\s+revoked$/);
    expect(list.out).toMatch(new RegExp(`^${id}\\s+${year}\\s+\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}\\s*$`, 'm'));
    expect(list.out).not.toContain(url![1]);

    let db = await store();
    try {
      expect(await findShareLink(db, url![1]!)).toMatchObject({ shareId: id, userId: 'demo-bob' });
    } finally {
      await db.close();
    }

    const revoke = encore(['share', 'revoke', id], env);
    expect(revoke.out).toContain(`Revoked ${id}.`);
    expect(encore(['share', 'list'], env).out).toMatch(
      new RegExp(`^${id}\\s+${year}\\s+\\S+ \\S+\\s+\\S+ \\S+\\s*$`, 'm'),
    );
    db = await store();
    try {
      expect(await findShareLink(db, url![1]!)).toBeNull();
    } finally {
      await db.close();
    }
    const again = encore(['share', 'revoke', id], env);
    expect(again.code).toBe(2);
    expect(again.err).toContain(`No live share "${id}" for demo-bob.`);
  }, 180_000);

  it('explains a missing, malformed or empty year', () => {
    const missing = encore(['share', 'create'], env);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('Which year?');
    const bad = encore(['share', 'create', '--year', 'last'], env);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('"last" is not a year to share');
    const empty = encore(['share', 'create', '--year', '2009'], env);
    expect(empty.code).toBe(2);
    expect(empty.err).toContain('demo-bob has no plays in 2009: nothing to share.');
    expect(missing.err + bad.err + empty.err).not.toMatch(/\n\s+at /);
  }, 120_000);
});
