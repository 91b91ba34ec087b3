import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importHistory } from '../../src/jobs/history-import.ts';
import type { Db } from '../../src/store/db.ts';
import {
  accountRow,
  allPlays,
  clock,
  extendedRow,
  freshDb,
  insertLivePlay,
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

const importFiles = (files: Array<[string, unknown[]]>) =>
  importHistory({
    db,
    userId: USER,
    inputs: files.map(([name, rows]) => ({ path: dir.write(name, JSON.stringify(rows)) })),
    clock: clock(),
  });

const live = { trackId: sid(1), trackName: 'Song', artistName: 'Artist' };

describe('export rows and live plays', () => {
  it('merges an export row into the live play a few seconds away: export ms replaces inferred, flags filled', async () => {
    await insertLivePlay(db, { ...live, playedAt: '2023-05-01T10:00:03.456Z', msPlayed: 150000 });
    const report = await importFiles([
      [
        'Streaming_History_Audio_2023.json',
        [extendedRow({ ts: '2023-05-01T10:00:00Z', ms_played: 171234, shuffle: true })],
      ],
    ]);
    expect(report).toMatchObject({ playsAdded: 0, duplicatesMerged: 1, msPlayedReplaced: 1 });
    expect(await allPlays(db)).toEqual([
      {
        track_key: sid(1),
        played_at: '2023-05-01T10:00:03.456Z',
        track_id: sid(1),
        kind: 'track',
        track_name: 'Song',
        artist_name: 'Artist',
        album_name: 'Album',
        ms_played: 171234,
        ms_played_source: 'export',
        context_uri: null,
        source: 'recently_played',
        skipped: false,
        shuffle: true,
        platform: 'android',
      },
    ]);
  });

  it('leaves a measured play length alone but still merges the play', async () => {
    await insertLivePlay(db, {
      ...live,
      playedAt: '2023-05-01T10:00:01Z',
      msPlayed: 99000,
      source: 'measured',
    });
    const report = await importFiles([
      ['a.json', [extendedRow({ ts: '2023-05-01T10:00:00Z', ms_played: 171234 })]],
    ]);
    expect(report).toMatchObject({ playsAdded: 0, duplicatesMerged: 1, msPlayedReplaced: 0 });
    const [play] = await allPlays(db);
    expect([play?.ms_played, play?.ms_played_source]).toEqual([99000, 'measured']);
  });

  it('keeps plays more than 10 s apart as two plays', async () => {
    await insertLivePlay(db, { ...live, playedAt: '2023-05-01T10:00:11Z', msPlayed: 150000 });
    const report = await importFiles([['a.json', [extendedRow({ ts: '2023-05-01T10:00:00Z' })]]]);
    expect(report).toMatchObject({ playsAdded: 1, duplicatesMerged: 0 });
    expect((await allPlays(db)).map((p) => [p.played_at, p.source])).toEqual([
      ['2023-05-01T10:00:00.000Z', 'export_extended'],
      ['2023-05-01T10:00:11.000Z', 'recently_played'],
    ]);
  });

  it('matches one to one: two quick replays against one live play add one play', async () => {
    await insertLivePlay(db, { ...live, playedAt: '2023-05-01T10:00:04Z', msPlayed: 3000 });
    const report = await importFiles([
      [
        'a.json',
        [
          extendedRow({ ts: '2023-05-01T10:00:00Z', ms_played: 2000, skipped: true }),
          extendedRow({ ts: '2023-05-01T10:00:05Z', ms_played: 4000, skipped: true }),
        ],
      ],
    ]);
    expect(report).toMatchObject({ playsAdded: 1, duplicatesMerged: 1 });
    expect((await allPlays(db)).map((p) => [p.played_at, p.source, p.ms_played])).toEqual([
      ['2023-05-01T10:00:00.000Z', 'export_extended', 2000],
      ['2023-05-01T10:00:04.000Z', 'recently_played', 4000],
    ]);
  });

  it('matches a relinked track (other id, same title) within the window', async () => {
    await insertLivePlay(db, { ...live, trackId: sid(77), playedAt: '2023-05-01T10:00:02Z', msPlayed: 1 });
    const report = await importFiles([['a.json', [extendedRow({ ts: '2023-05-01T10:00:00Z' })]]]);
    expect(report).toMatchObject({ playsAdded: 0, duplicatesMerged: 1 });
  });

  it('merges an account-data row into a live play within the minute by title', async () => {
    await insertLivePlay(db, { ...live, playedAt: '2023-05-01T10:00:42.100Z', msPlayed: 120000 });
    const report = await importFiles([
      ['StreamingHistory_music_0.json', [accountRow('2023-05-01 10:00', 'artist', 'SONG', 130500)]],
    ]);
    expect(report).toMatchObject({ playsAdded: 0, duplicatesMerged: 1, msPlayedReplaced: 1 });
    const [play] = await allPlays(db);
    expect([play?.played_at, play?.ms_played, play?.ms_played_source, play?.source]).toEqual([
      '2023-05-01T10:00:42.100Z',
      130500,
      'export',
      'recently_played',
    ]);
  });

  it('does not merge an account row with a live play in another minute', async () => {
    await insertLivePlay(db, { ...live, playedAt: '2023-05-01T10:02:30Z', msPlayed: 120000 });
    const report = await importFiles([
      ['s.json', [accountRow('2023-05-01 10:00', 'Artist', 'Song', 130500)]],
    ]);
    expect(report).toMatchObject({ playsAdded: 1, duplicatesMerged: 0 });
  });
});

describe('extended and account data of the same period', () => {
  const extended: [string, unknown[]] = [
    'Streaming_History_Audio_2023.json',
    [
      extendedRow({
        ts: '2023-05-01T10:00:37Z',
        ms_played: 200000,
        master_metadata_album_artist_name: 'Various Artists',
      }),
      extendedRow({
        ts: '2023-05-01T10:04:10Z',
        ms_played: 30000,
        spotify_track_uri: `spotify:track:${sid(2)}`,
        master_metadata_track_name: 'Two',
      }),
    ],
  ];
  const account: [string, unknown[]] = [
    'StreamingHistory_music_0.json',
    [
      accountRow('2023-05-01 10:00', 'Artist', 'Song', 200000),
      accountRow('2023-05-01 10:04', 'Artist', 'Two', 30000),
      accountRow('2023-05-01 11:00', 'Artist', 'Three', 1000),
    ],
  ];

  it('extended first, then account: the account rows are duplicates', async () => {
    await importFiles([extended]);
    const report = await importFiles([account]);
    expect(report).toMatchObject({ rowsRead: 3, playsAdded: 1, duplicatesMerged: 2 });
    expect((await allPlays(db)).map((p) => [p.track_key, p.source])).toEqual([
      [sid(1), 'export_extended'],
      [sid(2), 'export_extended'],
      ['name:artist|three', 'export_account'],
    ]);
  });

  it('account first, then extended: the extended rows replace the account rows', async () => {
    await importFiles([account]);
    const report = await importFiles([extended]);
    expect(report).toMatchObject({ rowsRead: 2, playsAdded: 0, duplicatesMerged: 2 });
    const order1 = await allPlays(db);
    expect(order1.map((p) => [p.track_key, p.source])).toEqual([
      [sid(1), 'export_extended'],
      [sid(2), 'export_extended'],
      ['name:artist|three', 'export_account'],
    ]);
  });

  it('ends with the same plays in either order, in one import', async () => {
    await importFiles([account, extended]);
    const a = await allPlays(db);
    await db.run('DELETE FROM plays');
    await db.run('DELETE FROM import_files');
    await importFiles([extended, account]);
    expect(await allPlays(db)).toEqual(a);
    expect(a).toHaveLength(3);
  });
});

describe('repeated plays of one track within one account-data minute', () => {
  // A 3 s skip, then a 44 s listen of the same track: both end in minute 10:00, so the
  // account data lists two rows with the same endTime; the extended export has both exactly.
  const extended: [string, unknown[]] = [
    'Streaming_History_Audio_2023.json',
    [
      extendedRow({ ts: '2023-05-01T10:00:05Z', ms_played: 3000, skipped: true }),
      extendedRow({ ts: '2023-05-01T10:00:50Z', ms_played: 44000, skipped: false }),
    ],
  ];
  const account: [string, unknown[]] = [
    'StreamingHistory_music_0.json',
    [
      accountRow('2023-05-01 10:00', 'Artist', 'Song', 3000),
      accountRow('2023-05-01 10:00', 'Artist', 'Song', 44000),
    ],
  ];
  const lengths = async () => (await allPlays(db)).map((p) => [p.played_at, p.ms_played, p.source]);
  const exact = [
    ['2023-05-01T10:00:05.000Z', 3000, 'export_extended'],
    ['2023-05-01T10:00:50.000Z', 44000, 'export_extended'],
  ];

  it('account data alone: both stay distinct plays', async () => {
    const report = await importFiles([account]);
    expect(report).toMatchObject({ playsAdded: 2, duplicatesMerged: 0 });
    expect(await lengths()).toEqual([
      ['2023-05-01T10:00:00.000Z', 3000, 'export_account'],
      ['2023-05-01T10:00:01.000Z', 44000, 'export_account'],
    ]);
  });

  it('account first, then extended: each extended row replaces the account row of its length', async () => {
    await importFiles([account]);
    const report = await importFiles([extended]);
    expect(report).toMatchObject({ playsAdded: 0, duplicatesMerged: 2 });
    expect(await lengths()).toEqual(exact);
  });

  it('extended first, then account: each account row merges into the play of its length', async () => {
    await importFiles([extended]);
    const report = await importFiles([account]);
    expect(report).toMatchObject({ playsAdded: 0, duplicatesMerged: 2 });
    expect(await lengths()).toEqual(exact);
  });

  it('a pair that is one play keeps the longer play length', async () => {
    await importFiles([extended]);
    const longer: [string, unknown[]] = [
      'StreamingHistory_music_0.json',
      [
        accountRow('2023-05-01 10:00', 'Artist', 'Song', 3000),
        accountRow('2023-05-01 10:00', 'Artist', 'Song', 45500),
      ],
    ];
    const report = await importFiles([longer]);
    expect(report).toMatchObject({ playsAdded: 0, duplicatesMerged: 2 });
    expect((await lengths()).map((p) => p[1])).toEqual([3000, 45500]);
  });

  it('replacing an account play keeps the longer of the two lengths', async () => {
    const longer: [string, unknown[]] = [
      'StreamingHistory_music_0.json',
      [
        accountRow('2023-05-01 10:00', 'Artist', 'Song', 3000),
        accountRow('2023-05-01 10:00', 'Artist', 'Song', 45500),
      ],
    ];
    await importFiles([longer]);
    await importFiles([extended]);
    expect((await lengths()).map((p) => [p[0], p[1]])).toEqual([
      ['2023-05-01T10:00:05.000Z', 3000],
      ['2023-05-01T10:00:50.000Z', 45500],
    ]);
  });
});

describe('users', () => {
  it("never touches another user's plays", async () => {
    await db.run("INSERT INTO users (user_id) VALUES ('bob')");
    await db.run(
      `INSERT INTO plays (user_id, track_key, played_at, track_id, source, ms_played_source, ms_played)
       VALUES ('bob', ?, '2023-05-01T10:00:01Z', ?, 'recently_played', 'inferred', 1)`,
      [sid(1), sid(1)],
    );
    const report = await importFiles([['a.json', [extendedRow({ ts: '2023-05-01T10:00:00Z' })]]]);
    expect(report.playsAdded).toBe(1);
    expect(await db.one('SELECT ms_played, ms_played_source FROM plays WHERE user_id = ?', ['bob'])).toEqual({
      ms_played: 1,
      ms_played_source: 'inferred',
    });
  });
});
