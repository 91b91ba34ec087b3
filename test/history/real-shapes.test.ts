import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importHistory } from '../../src/jobs/history-import.ts';
import { formatImportSummary } from '../../src/history/report.ts';
import type { Db } from '../../src/store/db.ts';
import {
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

/**
 * Files shaped like the ones real exports carry that earlier versions refused or skipped
 * whole: account-data audiobooks, video history holding music, and extended rows that
 * name nothing but were listened to.
 */

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

const run = (paths: string[]) =>
  importHistory({ db, userId: USER, inputs: paths.map((path) => ({ path })), clock: clock() });

/** An extended row that names nothing (as Spotify writes them), listened for `ms`. */
const namelessRow = (ts: string, ms: number) =>
  extendedRow({
    ts,
    ms_played: ms,
    master_metadata_track_name: null,
    master_metadata_album_artist_name: null,
    master_metadata_album_album_name: null,
    spotify_track_uri: null,
    reason_start: 'clickrow',
    reason_end: 'endplay',
    shuffle: null,
    skipped: null,
  });

describe('account-data audiobooks (StreamingHistory_audiobook_*.json)', () => {
  it('imports each row as an audiobook play keyed by book and chapter', async () => {
    const file = dir.write(
      'StreamingHistory_audiobook_0.json',
      JSON.stringify(
        [
          {
            endTime: '2023-11-02 21:14',
            audiobookName: 'The Hobbit',
            chapterName: 'Chapter 1',
            authorName: 'J. R. R. Tolkien',
            msPlayed: 1_523_000,
          },
          {
            endTime: '2023-11-02 21:40',
            audiobookName: 'The Hobbit',
            chapterName: 'Chapter 2',
            authorName: 'J. R. R. Tolkien',
            msPlayed: 1_404_512,
          },
          {
            endTime: '2023-11-03 07:02',
            audiobookName: 'Dune',
            chapterName: null,
            authorName: null,
            msPlayed: 61_000,
          },
        ],
        null,
        2,
      ),
    );
    const report = await run([file]);
    expect(report).toMatchObject({ rowsRead: 3, playsAdded: 3, rowsRejected: 0 });
    expect(report.kinds).toMatchObject({ track: 0, audiobook: 3 });
    expect(
      (await allPlays(db)).map((p) => [
        p.kind,
        p.track_key,
        p.track_name,
        p.artist_name,
        p.album_name,
        p.ms_played,
      ]),
    ).toEqual([
      [
        'audiobook',
        'audiobook-name:the hobbit|chapter 1',
        'Chapter 1',
        'J. R. R. Tolkien',
        'The Hobbit',
        1_523_000,
      ],
      [
        'audiobook',
        'audiobook-name:the hobbit|chapter 2',
        'Chapter 2',
        'J. R. R. Tolkien',
        'The Hobbit',
        1_404_512,
      ],
      ['audiobook', 'audiobook-name:dune|dune', 'Dune', 'Dune', 'Dune', 61_000],
    ]);
  });

  it('refuses an audiobook row that names neither book nor chapter', async () => {
    const file = dir.write(
      'StreamingHistory_audiobook_0.json',
      JSON.stringify([
        { endTime: '2023-11-02 21:14', audiobookName: null, chapterName: '', authorName: 'X', msPlayed: 5 },
      ]),
    );
    const report = await run([file]);
    expect(report.rejects.map((r) => r.why)).toEqual(['audiobookName and chapterName are missing']);
  });

  it('reads extended-history audiobook fields as chapters of the book', async () => {
    const file = dir.write(
      'Streaming_History_Audio_2023.json',
      JSON.stringify([
        namelessRow('2023-11-02T21:14:20Z', 1_523_000),
        {
          ...namelessRow('2023-11-02T21:40:00Z', 900_000),
          audiobook_title: 'The Hobbit',
          audiobook_uri: 'spotify:audiobook:AB0000000000000000001',
          audiobook_chapter_uri: 'spotify:chapter:CH0000000000000000002',
          audiobook_chapter_title: 'Chapter 2',
        },
      ]),
    );
    const report = await run([file]);
    expect(report.kinds).toMatchObject({ audiobook: 1, unidentified: 1 });
    const book = (await allPlays(db)).find((p) => p.kind === 'audiobook');
    expect([book?.track_key, book?.track_name, book?.album_name]).toEqual([
      'chapter:CH0000000000000000002',
      'Chapter 2',
      'The Hobbit',
    ]);
  });
});

describe('video history (Streaming_History_Video_*.json)', () => {
  it('imports its track and episode rows, skips only the videos, and says how many', async () => {
    const video = dir.write(
      'Streaming_History_Video_2022-2024.json',
      JSON.stringify([
        extendedRow({
          ts: '2023-02-01T08:00:00Z',
          spotify_track_uri: `spotify:track:${sid(42)}`,
          master_metadata_track_name: 'Only In Video',
        }),
        episodeRow('2023-02-01T09:00:00Z', 'EP0000000000000000077', 'Video Podcast 3', 'A Show'),
        namelessRow('2023-02-01T10:00:00Z', 240_000),
        namelessRow('2023-02-01T10:05:00Z', 30_000),
      ]),
    );
    const report = await run([video]);
    expect(report).toMatchObject({ rowsRead: 4, playsAdded: 2, rowsRejected: 0 });
    expect(report.kinds).toMatchObject({ track: 1, episode: 1, unidentified: 0, video_skipped: 2 });
    expect(report.notes).toEqual([
      `${video}: video history, 2 track/episode rows read as plays, 2 video rows skipped (encore keeps audio plays)`,
    ]);
    expect(formatImportSummary(report)).toMatch(
      /1 tracks, 1 episodes, 0 audiobook chapters, 2 video rows skipped/,
    );
    expect((await allPlays(db)).map((p) => [p.kind, p.track_key])).toEqual([
      ['track', sid(42)],
      ['episode', 'episode:EP0000000000000000077'],
    ]);
  });

  it('is read by content: renamed, it is still history; its rows are the same plays as the audio file', async () => {
    const row = extendedRow({ ts: '2023-02-01T08:00:00Z' });
    const audio = dir.write('Streaming_History_Audio_2023.json', JSON.stringify([row]));
    const video = dir.write(
      'Streaming_History_Video_2023.json',
      JSON.stringify([row, namelessRow('2023-02-01T10:00:00Z', 1)]),
    );
    const report = await run([audio, video]);
    expect(report).toMatchObject({ playsAdded: 1, alreadyImported: 1 });
    expect(report.kinds.video_skipped).toBe(1);
  });
});

describe('unidentified listening (extended rows naming nothing)', () => {
  it('stores them as kind unidentified and reports rows and minutes', async () => {
    const file = dir.write(
      'Streaming_History_Audio_2019.json',
      JSON.stringify([
        extendedRow({ ts: '2019-06-01T10:00:00Z', ms_played: 200_000 }),
        namelessRow('2019-06-01T10:04:00Z', 180_000),
        namelessRow('2019-06-01T10:07:30Z', 210_000),
        // Nothing named and nothing listened: nothing to keep.
        namelessRow('2019-06-01T10:08:00Z', 0),
      ]),
    );
    const report = await run([file]);
    expect(report).toMatchObject({ rowsRead: 4, playsAdded: 3, rowsRejected: 1 });
    expect(report.kinds).toMatchObject({ track: 1, unidentified: 2 });
    expect(report.unidentifiedMs).toBe(390_000);
    expect(formatImportSummary(report)).toMatch(/unidentified\s+2 rows, 7 minutes of unidentified listening/);
    const plays = await allPlays(db);
    expect(
      plays.filter((p) => p.kind === 'unidentified').map((p) => [p.track_key, p.played_at, p.ms_played]),
    ).toEqual([
      ['unidentified', '2019-06-01T10:04:00.000Z', 180_000],
      ['unidentified', '2019-06-01T10:07:30.000Z', 210_000],
    ]);
    // A second import of the same rows adds nothing.
    const again = await importHistory({
      db,
      userId: USER,
      inputs: [{ path: file }],
      clock: clock(),
      force: true,
    });
    expect(again).toMatchObject({ playsAdded: 0, alreadyImported: 3 });
  });
});
