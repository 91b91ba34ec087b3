import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importHistory } from '../../src/jobs/history-import.ts';
import type { Db } from '../../src/store/db.ts';
import {
  accountRow,
  allPlays,
  clock,
  episodeRow,
  extendedRow,
  freshDb,
  sid,
  type TempDir,
  tempDir,
  USER,
} from './helpers/fixtures.ts';

let dir: TempDir;
let db: Db;

beforeEach(async () => {
  dir = tempDir();
  db = await freshDb(dir);
});
afterEach(async () => {
  await db.close();
  dir.cleanup();
});

const run = (paths: string[], extra: { force?: boolean } = {}) =>
  importHistory({ db, userId: USER, inputs: paths.map((path) => ({ path })), clock: clock(), ...extra });

describe('extended streaming history', () => {
  it('stores each play with the names, length, flags and keys the export carries', async () => {
    const file = dir.write(
      'Streaming_History_Audio_2023.json',
      JSON.stringify([
        extendedRow({ ts: '2023-03-01T10:00:00Z', ms_played: 200000, shuffle: true, skipped: false }),
        extendedRow({
          ts: '2023-03-01T10:03:30Z',
          ms_played: 5000,
          skipped: true,
          platform: 'iOS 16.1 (iPhone14,2)',
          spotify_track_uri: `spotify:track:${sid(2)}`,
          master_metadata_track_name: 'Other',
          master_metadata_album_artist_name: 'Band',
          master_metadata_album_album_name: 'Record',
        }),
      ]),
    );
    const report = await run([file]);
    expect(report).toMatchObject({
      filesRead: 1,
      rowsRead: 2,
      playsAdded: 2,
      duplicatesMerged: 0,
      rowsRejected: 0,
    });
    expect(report.apiCalls).toEqual({});
    expect(await allPlays(db)).toEqual([
      {
        track_key: sid(1),
        played_at: '2023-03-01T10:00:00.000Z',
        track_id: sid(1),
        kind: 'track',
        track_name: 'Song',
        artist_name: 'Artist',
        album_name: 'Album',
        ms_played: 200000,
        ms_played_source: 'export',
        context_uri: null,
        source: 'export_extended',
        skipped: false,
        shuffle: true,
        platform: 'android',
      },
      {
        track_key: sid(2),
        played_at: '2023-03-01T10:03:30.000Z',
        track_id: sid(2),
        kind: 'track',
        track_name: 'Other',
        artist_name: 'Band',
        album_name: 'Record',
        ms_played: 5000,
        ms_played_source: 'export',
        context_uri: null,
        source: 'export_extended',
        skipped: true,
        shuffle: false,
        platform: 'iOS 16.1 (iPhone14,2)',
      },
    ]);
  });

  it('keeps podcast episodes and audiobook chapters (null track names) as their own kinds', async () => {
    const file = dir.write(
      'Streaming_History_Audio_2023_1.json',
      JSON.stringify([
        episodeRow('2023-03-02T08:00:00Z', 'EP0000000000000000001', 'Episode 12', 'The Show'),
        extendedRow({
          ts: '2023-03-02T09:00:00Z',
          master_metadata_track_name: null,
          master_metadata_album_artist_name: null,
          master_metadata_album_album_name: null,
          spotify_track_uri: null,
          audiobook_title: 'A Book',
          audiobook_uri: 'spotify:audiobook:AB0000000000000000001',
          audiobook_chapter_title: 'Chapter 3',
          audiobook_chapter_uri: 'spotify:chapter:CH0000000000000000003',
        }),
        extendedRow({
          ts: '2023-03-02T10:00:00Z',
          master_metadata_track_name: null,
          spotify_track_uri: null,
        }),
      ]),
    );
    const report = await run([file]);
    expect(report.kinds).toEqual({ track: 0, episode: 1, audiobook: 1, unidentified: 1, video_skipped: 0 });
    expect(report.rowsRejected).toBe(0);
    const plays = await allPlays(db);
    expect(
      plays.map((p) => [p.kind, p.track_key, p.track_id, p.track_name, p.artist_name, p.album_name]),
    ).toEqual([
      ['episode', 'episode:EP0000000000000000001', null, 'Episode 12', 'The Show', null],
      ['audiobook', 'chapter:CH0000000000000000003', null, 'Chapter 3', 'A Book', 'A Book'],
      // No track name or URI: listening time kept, with the names the row still carries.
      ['unidentified', 'unidentified', null, null, 'Artist', 'Album'],
    ]);
  });

  it('rejects rows whose end of play is in the future, and reports file and index', async () => {
    const file = dir.write(
      'history.json',
      JSON.stringify([
        extendedRow({ ts: '2024-06-01T11:00:00Z' }),
        extendedRow({ ts: '2024-06-03T12:00:00Z' }), // clock is 2024-06-01T12:00Z; tolerance is one day
        extendedRow({ ts: 'yesterday' }),
        extendedRow({ ts: '1970-01-01T00:00:00Z' }),
        'not an object',
        extendedRow({ ts: '2024-05-01T00:00:00Z', ms_played: -5 }),
      ]),
    );
    const report = await run([file]);
    expect(report.playsAdded).toBe(1);
    expect(report.rejects).toEqual([
      { file, index: 1, why: 'ts is in the future (2024-06-03T12:00:00.000Z)' },
      { file, index: 2, why: 'ts is not a valid time' },
      { file, index: 3, why: 'ts is before 2006 (1970-01-01T00:00:00.000Z)' },
      { file, index: 4, why: 'row is not an object' },
      { file, index: 5, why: 'ms_played is negative (-5)' },
    ]);
    expect(report.outcome).toBe('partial');
  });

  it('tolerates older exports with other field sets and missing fields', async () => {
    const file = dir.write(
      'endsong_0.json',
      JSON.stringify([
        {
          ts: '2019-01-01T00:00:05Z',
          username: 'someone',
          ms_played: 1000,
          user_agent_decrypted: 'unknown',
          ip_addr_decrypted: '192.0.2.1',
          master_metadata_track_name: 'Old',
          master_metadata_album_artist_name: 'Timer',
          spotify_track_uri: `spotify:track:${sid(9)}`,
        },
        {
          ts: '2019-01-01T00:10:00Z',
          ms_played: null,
          master_metadata_track_name: 'Local File',
          spotify_track_uri: null,
        },
      ]),
    );
    const report = await run([file]);
    expect(report.playsAdded).toBe(2);
    const plays = await allPlays(db);
    expect(
      plays.map((p) => [p.track_key, p.track_name, p.album_name, p.ms_played, p.ms_played_source, p.skipped]),
    ).toEqual([
      [sid(9), 'Old', null, 1000, 'export', null],
      ['name:|local file', 'Local File', null, null, null, null],
    ]);
  });
});

describe('account data', () => {
  it('stores minute-resolution plays with name keys; repeats within a minute stay distinct', async () => {
    const file = dir.write(
      'StreamingHistory_music_0.json',
      JSON.stringify([
        accountRow('2023-04-01 10:15', 'Björk ', 'Army  of Me', 1000),
        accountRow('2023-04-01 10:15', 'Björk', 'Army of Me', 2000),
        { endTime: '2023-04-01 11:00', podcastName: 'A Podcast', episodeName: 'Pilot', msPlayed: 60000 },
        { endTime: '2023-04-01 12:00', artistName: 'X', trackName: null, msPlayed: 1 },
      ]),
    );
    const report = await run([file]);
    expect(report).toMatchObject({ rowsRead: 4, playsAdded: 3, rowsRejected: 1 });
    expect(report.rejects[0]).toEqual({ file, index: 3, why: 'trackName is missing' });
    const plays = await allPlays(db);
    expect(plays.map((p) => [p.track_key, p.played_at, p.kind, p.ms_played, p.source, p.track_id])).toEqual([
      ['name:björk|army of me', '2023-04-01T10:15:00.000Z', 'track', 1000, 'export_account', null],
      ['name:björk|army of me', '2023-04-01T10:15:01.000Z', 'track', 2000, 'export_account', null],
      ['episode-name:a podcast|pilot', '2023-04-01T11:00:00.000Z', 'episode', 60000, 'export_account', null],
    ]);
  });
});

describe('recognition by content', () => {
  it('reads extended and account files whatever their names, and refuses other JSON', async () => {
    const extended = dir.write(
      'StreamingHistory_music_7.json',
      JSON.stringify([extendedRow({ ts: '2023-01-01T00:00:00Z' })]),
    );
    const account = dir.write(
      'Streaming_History_Audio_2020.json',
      JSON.stringify([accountRow('2023-01-02 00:00', 'A', 'B', 10)]),
    );
    const userdata = dir.write('Userdata.json', JSON.stringify({ username: 'alice', country: 'DE' }));
    const playlists = dir.write('Playlist1.json', JSON.stringify({ playlists: [{ name: 'x', items: [] }] }));
    const report = await run([extended, account, userdata, playlists]);
    expect(report.filesRead).toBe(2);
    const plays = await allPlays(db);
    expect(plays.map((p) => p.source)).toEqual(['export_extended', 'export_account']);
    expect(report.filesSkipped).toEqual([
      {
        file: userdata,
        why: 'not a Spotify streaming history file (its fields are not those of any known export)',
        problem: false,
      },
      {
        file: playlists,
        why: 'not a Spotify streaming history file (its fields are not those of any known export)',
        problem: false,
      },
    ]);
    expect(report.outcome).toBe('ok');
  });

  it('reports truncated JSON, non-UTF-8 and non-JSON files and goes on with the rest', async () => {
    const good = dir.write(
      'Streaming_History_Audio_2021.json',
      JSON.stringify([extendedRow({ ts: '2021-01-01T00:00:00Z' })]),
    );
    const full = JSON.stringify([
      extendedRow({ ts: '2021-01-02T00:00:00Z' }),
      extendedRow({ ts: '2021-01-03T00:00:00Z' }),
    ]);
    const truncated = dir.write('Streaming_History_Audio_2022.json', full.slice(0, full.length - 40));
    const latin1 = dir.write('StreamingHistory0.json', Buffer.from([0x5b, 0x22, 0xe9, 0x22, 0x5d])); // ["é"] in Latin-1
    const pdf = dir.write('ReadMeFirst.pdf', Buffer.from('%PDF-1.4\n%\xff\xfe\n', 'latin1'));
    const csv = dir.write('notes.txt', 'hello, world\n');
    const report = await run([good, truncated, latin1, pdf, csv]);
    expect(report.playsAdded).toBe(1);
    expect(report.filesSkipped.map((s) => [s.file, s.why.replace(/:.*$/, ''), s.problem])).toEqual([
      [truncated, 'not valid JSON (truncated or damaged)', true],
      [latin1, 'not UTF-8 text (a binary file, or text in another encoding)', true],
      // The PDF every export carries is reported, but is no problem.
      [pdf, 'not UTF-8 text (a binary file, or text in another encoding)', false],
      [csv, 'not JSON', true],
    ]);
    expect(report.outcome).toBe('partial');
  });

  it('reads the episode rows of video history as plays, with a note', async () => {
    const video = dir.write(
      'Streaming_History_Video_2023.json',
      JSON.stringify([episodeRow('2023-01-01T00:00:00Z', 'EP0000000000000000009', 'Vid', 'Show')]),
    );
    const report = await run([video]);
    expect(report.playsAdded).toBe(1);
    expect(report.kinds.episode).toBe(1);
    expect(report.kinds.video_skipped).toBe(0);
    expect(report.notes).toEqual([
      `${video}: video history, 1 track/episode rows read as plays, 0 video rows skipped (encore keeps audio plays)`,
    ]);
  });
});

describe('re-import', () => {
  const files = () => [
    dir.write(
      'Streaming_History_Audio_2023_0.json',
      JSON.stringify([
        extendedRow({ ts: '2023-01-01T00:00:00Z' }),
        extendedRow({ ts: '2023-01-01T00:05:00Z' }),
      ]),
    ),
    dir.write(
      'StreamingHistory_music_0.json',
      JSON.stringify([accountRow('2024-01-01 00:00', 'A', 'B', 10)]),
    ),
  ];

  it('adds nothing the second time: finished files are recognised by content', async () => {
    const paths = files();
    const first = await run(paths);
    const before = await allPlays(db);
    const second = await run(paths);
    expect(first.playsAdded).toBe(3);
    expect(second).toMatchObject({ playsAdded: 0, rowsRead: 0, filesRead: 0, outcome: 'ok' });
    expect(second.filesAlreadyImported).toEqual(paths);
    expect(await allPlays(db)).toEqual(before);
  });

  it('adds nothing even when files are read again (--force): reconciliation alone suffices', async () => {
    const paths = files();
    await run(paths);
    const before = await allPlays(db);
    const again = await run(paths, { force: true });
    expect(again).toMatchObject({ rowsRead: 3, playsAdded: 0, alreadyImported: 3, duplicatesMerged: 0 });
    expect(await allPlays(db)).toEqual(before);
  });

  it('counts exact repeats inside one file once', async () => {
    const row = extendedRow({ ts: '2023-01-01T00:00:00Z' });
    const file = dir.write('a.json', JSON.stringify([row, row, row]));
    const report = await run([file]);
    expect(report).toMatchObject({ rowsRead: 3, playsAdded: 1, duplicatesMerged: 2 });
  });
});

describe('inputs', () => {
  it('refuses a missing path before doing anything', async () => {
    await expect(run([dir.path('nope.zip')])).rejects.toThrow(/nope\.zip does not exist/);
    expect(await allPlays(db)).toEqual([]);
  });

  it('says nothing was found when nothing was', async () => {
    const report = await run([dir.write('Userdata.json', '{"username":"x"}')]);
    expect(report.outcome).toBe('nothing_found');
  });

  it('records the run in job_runs', async () => {
    const report = await run([
      dir.write('a.json', JSON.stringify([extendedRow({ ts: '2023-01-01T00:00:00Z' })])),
    ]);
    const row = await db.one<{ outcome: string; counts: string; api_calls: string }>(
      "SELECT outcome, counts, api_calls FROM job_runs WHERE run_id = ? AND job = 'history-import'",
      [report.runId],
    );
    expect(row?.outcome).toBe('ok');
    expect(JSON.parse(row!.counts)).toMatchObject({ rows_read: 1, plays_added: 1 });
    expect(JSON.parse(row!.api_calls)).toEqual({});
  });
});
