import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { createCatalog } from '../../sim/spotify/catalog.ts';
import { registerShowsCommands } from '../../src/cli/commands/shows.ts';
import { openStore } from '../../src/store/open.ts';
import { addCreditedPlays, addMatch, addPicks, addShows } from '../playlists/fixtures.ts';

/** places, shows and playlist commands as a user runs them: real processes, demo mode, one database file. */

const ROOT = join(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'encore-shows-cli-'));
const env = { ENCORE_DATA_DIR: dir, ENCORE_SECRET_KEY: Buffer.alloc(32, 9).toString('base64') };
const DB_PATH = join(dir, 'encore-demo.duckdb');
const DAY_MS = 86_400_000;

function encore(...args: string[]) {
  const result = spawnSync(process.execPath, [join(ROOT, 'bin/encore.js'), ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ENCORE_TIMEZONE: 'UTC', ...env },
    timeout: 60_000,
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

function expectUsageError(args: string[], message: string | RegExp) {
  const result = encore(...args);
  expect(result.code, `${args.join(' ')}: ${result.err}`).toBe(2);
  expect(result.err).toMatch(typeof message === 'string' ? new RegExp(escape(message)) : message);
  expect(result.err).not.toMatch(/\n\s+at /);
}
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('the shows command group', () => {
  it('joins a `shows` group another command created first (shows sync), and returns it', () => {
    const program = new Command();
    program.command('shows').command('sync');
    const group = registerShowsCommands(program);
    expect(program.commands.filter((c) => c.name() === 'shows')).toEqual([group]);
    expect(group.commands.map((c) => c.name())).toEqual(['sync', 'export']);
    const fresh = new Command();
    expect(registerShowsCommands(fresh).name()).toBe('shows');
  });
});

describe('encore places', () => {
  it('refuses unknown or malformed places and radii with exit code 2', () => {
    expectUsageError(['places', 'add', 'Nowhere'], 'Cannot tell where "Nowhere" is.');
    expectUsageError(
      ['places', 'add', 'X', '--lat', '91', '--lon', '0'],
      '--lat must be a number between -90 and 90',
    );
    expectUsageError(
      ['places', 'add', 'X', '--lat', '42.9', '--lon', '-78.9', '--radius', '5 parsecs'],
      'Radius must look like 50mi or 80km (got "5 parsecs")',
    );
    expectUsageError(['places', 'add', 'Far', '--postal', '14202', '--radius', '900mi'], 'at most 500 miles');
    expectUsageError(
      ['places', 'add', 'Whole', '--state', 'NY', '--radius', '10mi'],
      'A radius only applies',
    );
    expectUsageError(['places', 'add', 'Zed', '--state', 'ZZ'], 'Unknown US state "ZZ"');
    expect(encore('places', 'list').out).toContain('No place yet.');
  }, 180_000);

  it('adds places by coordinates, postal code, city and state, or a whole state; lists and removes them', () => {
    const added = encore(
      'places',
      'add',
      'Buffalo, NY',
      '--lat',
      '42.89',
      '--lon',
      '-78.87',
      '--radius',
      '50mi',
    );
    expect(added.code).toBe(0);
    expect(added.out).toContain('Added buffalo-ny: Buffalo, NY (42.89, -78.87 within 50 mi).');
    expect(encore('places', 'add', '14202', '--radius', '80km').out).toContain(
      'postal code 14202 within 49.71 mi',
    );
    expect(encore('places', 'add', 'Austin, TX').out).toContain(
      'Added austin-tx: Austin, TX (city Austin, TX).',
    );
    expect(encore('places', 'add', 'New York').out).toContain('Added new-york: New York (all of NY).');
    expect(
      encore('places', 'add', 'Buffalo, NY', '--lat', '42.89', '--lon', '-78.87', '--radius', '30mi', '--yes')
        .out,
    ).toContain('Updated buffalo-ny');
    const list = encore('places', 'list').out.split('\n');
    expect(list[0]).toMatch(/^id\s+name\s+where/);
    expect(list.slice(2, 6).map((l) => l.split(/\s{2,}/)[0])).toEqual([
      'buffalo-ny',
      '14202',
      'austin-tx',
      'new-york',
    ]);
    expect(encore('places', 'remove', 'Austin, TX').out).toContain('Removed austin-tx (Austin, TX).');
    expectUsageError(
      ['places', 'remove', 'austin-tx'],
      'No place "austin-tx". Your places: buffalo-ny, 14202, new-york.',
    );
  }, 180_000);
});

describe('encore shows / playlist', () => {
  it('refuses malformed dates, unknown places and bad playlist options with exit code 2', () => {
    expectUsageError(['shows', '--from', '2026-02-30'], '2026-02-30 is not a real date.');
    expectUsageError(
      ['shows', '--from', '2027-03-02', '--to', '2027-03-01'],
      'must not be before --from (2027-03-02)',
    );
    expectUsageError(['shows', '--place', 'atlantis'], 'No place "atlantis".');
    expectUsageError(
      ['shows', 'export', '--format', 'xlsx'],
      '--format must be one of csv, parquet (got "xlsx")',
    );
    expectUsageError(['playlist', 'create', '--place', 'atlantis'], 'No place "atlantis".');
    expectUsageError(
      ['playlist', 'create', '--place', 'buffalo-ny', '--only-known', '--only-new'],
      'not both',
    );
    expectUsageError(
      ['playlist', 'create', '--place', 'buffalo-ny', '--window', '2y'],
      'Window must look like 90d',
    );
    expectUsageError(
      ['playlist', 'create', '--place', 'buffalo-ny', '--max-tracks', 'lots'],
      '--max-tracks must be',
    );
    expectUsageError(['playlist', 'refresh'], 'Name a playlist');
    expectUsageError(['playlist', 'refresh', 'pl_nothere'], 'encore only changes playlists it created');
  }, 180_000);

  it('lists shows with badges, creates and refreshes a playlist, and exports the dataset', async () => {
    expect(encore('connect', '--demo-user', 'demo-bob').code).toBe(0);
    // Stand in for `encore shows sync`: shows, matches and picks written straight into the file.
    const catalog = createCatalog(7);
    const day = (n: number) => new Date(Date.now() + n * DAY_MS).toISOString().slice(0, 10);
    const db = await openStore(DB_PATH);
    let a: (typeof catalog.artists)[number] | undefined;
    let b: (typeof catalog.artists)[number] | undefined;
    try {
      [a, b] = catalog.artists.filter((x) => catalog.tracksByArtist(x.id).length >= 3).slice(10, 12);
      // Demo accounts come with months of simulated history: make these two artists new to bob.
      const theirTracks = [a!, b!].flatMap((x) => catalog.tracksByArtist(x.id).map((t) => t.id));
      await db.run(
        `DELETE FROM plays WHERE user_id = 'demo-bob'
           AND (track_id IN (SELECT unnest(from_json(?, '["VARCHAR"]'))) OR artist_name IN (?, ?))`,
        [JSON.stringify(theirTracks), a!.name, b!.name],
      );
      await addShows(
        db,
        [
          { id: 'C1', date: day(10), bill: [a!.name, b!.name] },
          { id: 'C2', date: day(20), bill: ['Nobody Knows Them'] },
        ],
        Date.now(),
      );
      for (const artist of [a!, b!]) {
        await addMatch(db, artist.name, { id: artist.id, name: artist.name });
        const tracks = catalog.tracksByArtist(artist.id).slice(0, 3);
        await addPicks(
          db,
          artist.id,
          tracks.map((t) => ({ id: t.id, name: t.name })),
        );
      }
      const bTrack = catalog.tracksByArtist(b!.id)[0]!;
      await addCreditedPlays(
        db,
        'demo-bob',
        { id: bTrack.id, name: bTrack.name },
        { id: b!.id, name: b!.name },
        143,
      );
    } finally {
      await db.close();
    }

    const shows = encore('shows');
    expect(shows.code).toBe(0);
    expect(shows.out).toContain(`${b!.name} → ${b!.name} (143 streams)`);
    expect(shows.out).toContain('Nobody Knows Them → not matched yet');
    expect(encore('shows', '--known').out).not.toContain('Nobody Knows Them');

    const created = encore('playlist', 'create', '--place', 'Buffalo, NY', '--tracks-per-artist', '2');
    expect(created.code, created.err).toBe(0);
    expect(created.out).toMatch(
      /^Created "Shows near Buffalo, NY" \(pl_[0-9a-f]+, Spotify \w{22}\): 4 track\(s\)\./,
    );
    // The artist the user plays comes first, though billed second.
    expect(created.out.split('\n')[1]).toContain(b!.name);

    // Demo mode starts a new simulated Spotify in every process; encore gives it back the
    // playlists it made, so the next process finds the same one, with the same tracks.
    const spotifyId = /Spotify (\w{22})\)/.exec(created.out)![1]!;
    const refreshed = encore('playlist', 'refresh', '--all');
    expect(refreshed.code, refreshed.err).toBe(0);
    expect(refreshed.out).not.toContain('deleted on Spotify');
    expect(refreshed.out).toContain(`(pl_`);
    expect(refreshed.out).toContain(`Spotify ${spotifyId}): 4 track(s).`);
    expect(refreshed.out).toContain('Tracks unchanged; only the description was updated.');
    expect(refreshed.out).toContain('1 playlist(s) refreshed, 0 changed (+0 −0 tracks, 4 kept)');
    const list = encore('playlist', 'list');
    expect(list.out).toMatch(new RegExp(`Shows near Buffalo, NY · next 90 days\\s+4\\s+${spotifyId}`));
    expect(list.out).not.toContain('(recreated)');

    const out = join(dir, 'shows.csv');
    const exported = encore('shows', 'export', '--format', 'csv', '--out', out);
    expect(exported.code, exported.err).toBe(0);
    expect(exported.out).toContain(`Wrote 7 row(s) for 2 show(s) to ${out}`);
    expect(readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(8);
  }, 180_000);
});
