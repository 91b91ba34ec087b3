import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCatalog } from '../../sim/spotify/catalog.ts';

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

describe('encore match / shows sync CLI (demo mode, real processes)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'encore-match-cli-'));
  const env = { ENCORE_DATA_DIR: dir, ENCORE_SECRET_KEY: SECRET_KEY, TICKETMASTER_API_KEY: 'tm-key' };

  it('evaluates labelled cases; the last line has the documented shape', () => {
    const run = encore(['match', 'evaluate', join(ROOT, 'test/matching/cases.jsonl')], env);
    expect(run.code).toBe(0);
    const last = run.out.trim().split('\n').at(-1)!;
    expect(last).toMatch(
      /^match cases=\d+ precision=\d\.\d\d recall=\d\.\d\d baseline_precision=\d\.\d\d baseline_recall=\d\.\d\d$/,
    );
    const missing = encore(['match', 'evaluate', join(dir, 'nope.jsonl')], env);
    expect(missing.code).toBe(2);
  });

  it('sets a match by hand, lists and explains it; rejects what is not an artist', () => {
    expect(encore(['connect', '--demo-user', 'demo-bob'], env).code).toBe(0);
    const band = createCatalog(7).artistByName('The Band')!;
    const set = encore(
      ['match', 'set', 'The Band (Reunion)', `https://open.spotify.com/artist/${band.id}`],
      env,
    );
    expect(set.code).toBe(0);
    expect(set.out).toContain('The Band');
    expect(encore(['match', 'set', 'Velvet Ghosts', 'none'], env).code).toBe(0);
    const list = encore(['match', 'list'], env);
    expect(list.out).toMatch(/The Band \(Reunion\)\s+The Band \(\w{22}\)\s+manual/);
    const unmatched = encore(['match', 'list', '--unmatched'], env);
    expect(unmatched.out).toContain('Velvet Ghosts');
    expect(unmatched.out).not.toContain('Reunion');
    const explain = encore(['match', 'explain', 'the band (reunion)'], env);
    expect(explain.out).toContain('manual override');
    const bad = encore(['match', 'set', 'X', 'https://example.com/artist/1'], env);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('is not a Spotify artist');
    const unknown = encore(['match', 'set', 'X', 'spotify:artist:AAAAAAAAAAAAAAAAAAAAAA'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('Spotify has no artist');
  });

  it('shows sync says what to do when there is no place yet', () => {
    const run = encore(['shows', 'sync'], env);
    expect(run.code).toBe(2);
    expect(run.err).toContain('No places yet');
  });
});
