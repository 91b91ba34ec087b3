import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createCatalog } from '../../sim/spotify/catalog.ts';
import { extendedRow, tempDir } from '../history/helpers/fixtures.ts';

/** `encore resolve` as a user runs it: real processes, demo mode (in-process simulators), a real database file. */

const ROOT = join(import.meta.dirname, '../..');
const dir = tempDir();
const env = { ENCORE_DATA_DIR: dir.dir, ENCORE_SECRET_KEY: Buffer.alloc(32, 3).toString('base64') };

function encore(args: string[]) {
  const result = spawnSync(process.execPath, [join(ROOT, 'bin/encore.js'), ...args], {
    cwd: dir.dir,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ENCORE_TIMEZONE: 'UTC', ...env },
    timeout: 90_000,
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

afterAll(() => dir.cleanup());

// Demo mode's simulator is seeded with 7: these ids exist there.
const demoTracks = createCatalog(7).tracks.slice(0, 8);
const history = dir.write(
  'Streaming_History_Audio_2024.json',
  JSON.stringify(
    demoTracks.map((t, i) =>
      extendedRow({
        ts: new Date(Date.UTC(2024, 0, 1, 10, i * 5)).toISOString().replace('.000Z', 'Z'),
        spotify_track_uri: `spotify:track:${t.id}`,
        master_metadata_track_name: t.name,
      }),
    ),
  ),
);

describe('encore resolve', () => {
  it('says clearly when there is no such account, or no connected one to call Spotify with', () => {
    const none = encore(['resolve', '--user', 'nobody']);
    expect(none.code).toBe(2);
    expect(none.err).toContain('No account "nobody"');

    expect(encore(['import', '--user', 'bob', history]).code).toBe(0);
    const unconnected = encore(['resolve']);
    expect(unconnected.code).toBe(2);
    expect(unconnected.err).toContain('bob has no connected Spotify account');
    expect(unconnected.err).toContain('encore connect');

    const badBudget = encore(['resolve', '--budget', 'lots']);
    expect(badBudget.code).toBe(2);
    expect(badBudget.err).toContain('--budget must be a whole number');
  });

  it('resolves within the budget and prints the run report', () => {
    expect(encore(['connect', '--demo-user', 'demo-alice']).code).toBe(0);
    expect(encore(['import', '--user', 'demo-alice', history]).code).toBe(0);
    const run = encore(['resolve', '--user', 'demo-alice', '--budget', '3']);
    expect(run.err).not.toMatch(/encore: /);
    expect(run.code).toBe(0);
    expect(run.out).toContain('Spotify calls 3/3');
    expect(run.out).toMatch(/stopped: the Spotify call budget is used up.*left: \d+ track\(s\)/);
  });
});
