import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const SECRET_KEY = Buffer.alloc(32, 9).toString('base64');
const TM_KEY = 'tm-key-that-must-not-leak-123';

function encore(args: string[], env: Record<string, string>) {
  const result = spawnSync(process.execPath, [join(ROOT, 'bin/encore.js'), ...args], {
    cwd: env.ENCORE_DATA_DIR,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ENCORE_TIMEZONE: 'UTC', ...env },
    timeout: 60_000,
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

describe('encore CLI (demo mode, real processes)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'encore-cli-'));
  const env = { ENCORE_DATA_DIR: dir, ENCORE_SECRET_KEY: SECRET_KEY, TICKETMASTER_API_KEY: TM_KEY };

  it('explains what is needed before any account is connected', () => {
    const plays = encore(['plays'], env);
    expect(plays.code).toBe(2);
    expect(plays.err).toContain('No account is connected yet. Run `encore connect` first.');
    expect(plays.err).not.toMatch(/\n\s+at /);
  });

  it('connects, backfills, lists plays, reports status and logs', () => {
    const connect = encore(['connect', '--demo-user', 'demo-bob'], env);
    expect(connect.code).toBe(0);
    expect(connect.out).toContain('Connected Bob (demo) (demo-bob).');
    expect(connect.out).toMatch(/Backfilled \d+ recent play/);
    expect(connect.err).toContain('[demo]');
    const plays = encore(['plays', '--limit', '5'], env);
    expect(plays.code).toBe(0);
    expect(plays.out.split('\n')[0]).toMatch(/^ended\s+track\s+artist\s+played\s+source$/);
    expect(plays.out.split('\n').filter((l) => l.includes('recently_played'))).toHaveLength(5);
    const status = encore(['status', '--json'], env);
    const parsed = JSON.parse(status.out);
    expect(parsed[0]).toMatchObject({ userId: 'demo-bob', connected: true, problems: [] });
    expect(parsed[0].playsStored).toBeGreaterThan(0);
    const log = encore(['log'], env);
    expect(log.code).toBe(0);
    expect(log.out).toMatch(/1 account\(s\) polled/);
    const bad = encore(['plays', '--since', 'yesterday'], env);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('is not a duration');
  }, 120_000); // six real processes: slow on a busy 2-core machine

  it('doctor lists settings without printing any secret', () => {
    const doctor = encore(['doctor'], env);
    expect(doctor.code).toBe(0);
    expect(doctor.out).toContain('DEMO');
    expect(doctor.out).toContain('TICKETMASTER_API_KEY');
    expect(doctor.out + doctor.err).not.toContain(TM_KEY);
    expect(doctor.out + doctor.err).not.toContain(SECRET_KEY);
  });

  it('refuses a localhost redirect URI with the reason', () => {
    const result = encore(['status'], { ...env, SPOTIFY_REDIRECT_URI: 'http://localhost:8888/callback' });
    expect(result.code).toBe(2);
    expect(result.err).toContain('Spotify rejects');
    expect(result.err).toContain('http://127.0.0.1:8888/callback');
  });

  it('rejects a malformed setting naming the variable', () => {
    const result = encore(['status'], { ...env, SPOTIFY_CLIENT_ID: 'bad id' });
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/SPOTIFY_CLIENT_ID must be .*developer\.spotify\.com/);
  });
});
