import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { accountRow, extendedRow, episodeRow, sid, tempDir } from './helpers/fixtures.ts';
import { writeZip } from './helpers/zip-writer.ts';

/** `encore import` and `encore export plays` as a user runs them: real processes, a real database file. */

const ROOT = join(import.meta.dirname, '../..');
const dir = tempDir();
const env = { ENCORE_DATA_DIR: dir.dir, ENCORE_SECRET_KEY: Buffer.alloc(32, 9).toString('base64') };

function encore(args: string[]) {
  const result = spawnSync(process.execPath, [join(ROOT, 'bin/encore.js'), ...args], {
    cwd: dir.dir,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ENCORE_TIMEZONE: 'UTC', ...env },
    timeout: 60_000,
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

afterAll(() => dir.cleanup());

describe('encore import / export plays', () => {
  const zip = dir.write(
    'my_spotify_data.zip',
    writeZip([
      {
        name: 'Spotify Extended Streaming History/Streaming_History_Audio_2023.json',
        data: JSON.stringify([
          extendedRow({ ts: '2023-01-01T10:00:00Z' }),
          extendedRow({ ts: '2023-01-01T10:04:00Z', spotify_track_uri: `spotify:track:${sid(2)}` }),
          episodeRow('2023-01-01T11:00:00Z', 'EP0000000000000000001', 'Ep', 'Show'),
          extendedRow({ ts: '2999-01-01T00:00:00Z' }),
        ]),
      },
      {
        name: 'Spotify Account Data/StreamingHistory_music_0.json',
        data: JSON.stringify([accountRow('2023-02-01 09:00', 'A', 'B', 5)]),
      },
      { name: 'Spotify Account Data/Userdata.json', data: '{"username":"alice"}' },
    ]),
  );

  it('needs an account, or --user, before the first import', () => {
    const result = encore(['import', zip]);
    expect(result.code).toBe(2);
    expect(result.err).toContain('Pass --user <your Spotify user id> to import before connecting');
  });

  it('refuses a path that does not exist, clearly', () => {
    const result = encore(['import', dir.path('nope.zip'), '--user', 'alice']);
    expect(result.code).toBe(2);
    expect(result.err).toBe(`encore: Nothing imported: ${dir.path('nope.zip')} does not exist.\n`);
  });

  it('imports the export zip before any account is connected, and prints a summary', () => {
    const result = encore(['import', zip, '--user', 'alice']);
    expect(result.code).toBe(0);
    expect(result.out).toContain('History import for alice');
    expect(result.out).toMatch(/files read\s+2\n/);
    expect(result.out).toMatch(/rows read\s+5\n/);
    expect(result.out).toMatch(/plays added\s+4\n/);
    expect(result.out).toMatch(/rows rejected\s+1\n/);
    expect(result.out).toMatch(/kinds\s+3 tracks, 1 episodes, 0 audiobook chapters\n/);
    expect(result.out).toMatch(/Spotify calls\s+0\n/);
    expect(result.out).toContain(
      `${zip}:Spotify Extended Streaming History/Streaming_History_Audio_2023.json:3 — ts is in the future (2999-01-01T00:00:00.000Z)`,
    );
    expect(result.out).toContain(
      `Ignored (not listening history):\n  ${zip}:Spotify Account Data/Userdata.json — not a Spotify streaming history file`,
    );
  });

  it('adds nothing the second time', () => {
    const result = encore(['import', zip, '--user', 'alice']);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/already imported\s+2 file\(s\), not read again\n/);
    expect(result.out).toMatch(/plays added\s+0\n/);
  });

  it('exits non-zero when nothing in the input is listening history', () => {
    const result = encore(['import', dir.write('empty.zip', writeZip([])), '--user', 'alice']);
    expect(result.code).toBe(2);
    expect(result.out).toContain('No Spotify streaming history was found in what was given.');
  });

  it('exports plays in every format, to --out or a default name', () => {
    for (const format of ['csv', 'parquet', 'jsonl', 'listenbrainz']) {
      const out = dir.path(`out/plays.${format}`);
      const result = encore(['export', 'plays', '--format', format, '--out', out]);
      expect(result.code).toBe(0);
      expect(result.out).toBe(`Wrote 4 plays of alice to ${out}\n`);
    }
    expect(readFileSync(dir.path('out/plays.jsonl'), 'utf8').trim().split('\n')).toHaveLength(4);
    const byDefault = encore(['export', 'plays', '--format', 'csv', '--user', 'alice']);
    expect(byDefault.out).toBe(`Wrote 4 plays of alice to ${dir.path('exports/encore-plays-alice.csv')}\n`);
    const bad = encore(['export', 'plays', '--format', 'xml']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--format must be one of csv, parquet, jsonl, listenbrainz (got "xml").');
  });
});
