import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { extendedRow, sid, tempDir } from './helpers/fixtures.ts';

/** Issue 12 item 9 as a user meets it: another account's export refused, `import --undo` — real processes. */

const ROOT = join(import.meta.dirname, '../..');
const dir = tempDir();
const key = Buffer.alloc(32, 9).toString('base64');

/** alice's data folder by default; `bob` for a second install whose only account is bob. */
function encore(args: string[], who: 'alice' | 'bob' = 'alice') {
  const env = { ENCORE_DATA_DIR: who === 'alice' ? dir.dir : dir.path('bob-data'), ENCORE_SECRET_KEY: key };
  const result = spawnSync(process.execPath, [join(ROOT, 'bin/encore.js'), ...args], {
    cwd: dir.dir,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ENCORE_TIMEZONE: 'UTC', ...env },
    timeout: 60_000,
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

afterAll(() => dir.cleanup());

describe('encore import: owner check and --undo', () => {
  const history = dir.write(
    'Streaming_History_Audio_2023.json',
    JSON.stringify([
      extendedRow({ ts: '2023-01-01T10:00:00Z' }),
      extendedRow({ ts: '2023-01-01T10:04:00Z', spotify_track_uri: `spotify:track:${sid(2)}` }),
      extendedRow({ ts: '2023-01-01T10:08:00Z', spotify_track_uri: `spotify:track:${sid(3)}` }),
    ]),
  );
  const aliceCsv = dir.path('alice.csv');
  const aliceJsonl = dir.path('alice.jsonl');

  it('exports alice in encore formats', () => {
    expect(encore(['import', history, '--user', 'alice']).code).toBe(0);
    expect(encore(['export', 'plays', '--format', 'csv', '--out', aliceCsv, '--user', 'alice']).code).toBe(0);
    expect(
      encore(['export', 'plays', '--format', 'jsonl', '--out', aliceJsonl, '--user', 'alice']).code,
    ).toBe(0);
  });

  it("refuses alice's export for bob, naming both accounts, and imports nothing", () => {
    for (const file of [aliceCsv, aliceJsonl]) {
      const result = encore(['import', file, '--user', 'bob'], 'bob');
      expect(result.code).toBe(1);
      expect(result.out).toContain('its plays belong to account "alice", not "bob"');
      expect(result.out).toContain('--force');
      expect(result.out).toMatch(/plays added\s+0\n/);
    }
  });

  it('imports it with --force, then --undo removes exactly what that file added', () => {
    const forced = encore(['import', aliceCsv, '--user', 'bob', '--force'], 'bob');
    expect(forced.code).toBe(0);
    expect(forced.out).toMatch(/plays added\s+3\n/);
    const undone = encore(['import', '--undo', aliceCsv, '--user', 'bob'], 'bob');
    expect(undone.err).toBe('');
    expect(undone.code).toBe(0);
    expect(undone.out).toContain('Removed 3 plays.');
    const again = encore(['import', aliceCsv, '--user', 'bob', '--force'], 'bob');
    expect(again.out).toMatch(/plays added\s+3\n/);
  });

  it("undoing alice's own import removes her plays, and bob's copy stays", () => {
    const undone = encore(['import', '--undo', history, '--user', 'alice']);
    expect(undone.code).toBe(0);
    expect(undone.out).toContain('Removed 3 plays.');
    const left = encore(['export', 'plays', '--format', 'jsonl', '--out', dir.path('bob.jsonl')], 'bob');
    expect(left.out).toContain('Wrote 3 plays of bob');
  });

  it('says clearly when a file was never imported, or does not exist', () => {
    const stranger = dir.write('other.json', JSON.stringify([extendedRow({ ts: '2023-03-01T10:00:00Z' })]));
    const unknown = encore(['import', '--undo', stranger, '--user', 'alice']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain(`Nothing undone: no import for alice recorded ${stranger}`);
    const missing = encore(['import', '--undo', dir.path('gone.json'), '--user', 'alice']);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('does not exist');
  });
});
