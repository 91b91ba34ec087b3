import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ExportFormat, exportPlays } from '../../src/history/export-plays.ts';
import { importHistory } from '../../src/jobs/history-import.ts';
import type { Db } from '../../src/store/db.ts';
import {
  accountRow,
  allPlays,
  clock,
  episodeRow,
  extendedRow,
  freshDb,
  insertLivePlay,
  sid,
  type TempDir,
  tempDir,
  USER,
} from './helpers/fixtures.ts';
import { writeZip } from './helpers/zip-writer.ts';

let dir: TempDir;
let db: Db;

/** A history with every kind of play and every awkward value the exports must carry. */
async function seedHistory(): Promise<void> {
  await insertLivePlay(db, {
    trackId: sid(5),
    playedAt: '2023-06-01T08:00:00.123Z',
    msPlayed: 61000,
    trackName: 'Comma, "quote"\nand newline',
    artistName: 'Ünïcødé 坂本',
  });
  await db.run("UPDATE plays SET context_uri = 'spotify:playlist:abc' WHERE track_key = ?", [sid(5)]);
  await insertLivePlay(db, {
    trackId: sid(6),
    playedAt: '2023-06-01T09:00:00Z',
    msPlayed: 1,
    trackName: 'Measured',
    artistName: 'X',
    source: 'measured',
  });
  const extended = [
    extendedRow({ ts: '2023-05-01T10:00:00Z', shuffle: true, skipped: null }),
    extendedRow({ ts: '2023-05-01T10:05:00Z', master_metadata_album_artist_name: null, ms_played: null }),
    episodeRow('2023-05-02T07:00:00Z', 'EP0000000000000000001', 'Ep', 'Show'),
    extendedRow({
      ts: '2023-05-02T08:00:00Z',
      master_metadata_track_name: null,
      spotify_track_uri: null,
      audiobook_title: 'Book',
      audiobook_chapter_title: 'Ch 1',
      audiobook_chapter_uri: 'spotify:chapter:CH0000000000000000001',
    }),
  ];
  const account = [
    accountRow('2023-05-03 12:00', 'A', 'B', 100),
    accountRow('2023-05-03 12:00', 'A', 'B', 200),
  ];
  await importHistory({
    db,
    userId: USER,
    inputs: [
      { path: dir.write('Streaming_History_Audio_2023.json', JSON.stringify(extended)) },
      { path: dir.write('StreamingHistory_music_0.json', JSON.stringify(account)) },
    ],
    clock: clock(),
  });
}

beforeEach(async () => {
  dir = tempDir();
  db = await freshDb(dir);
  await seedHistory();
});
afterEach(async () => {
  await db.close();
  dir.cleanup();
});

describe('export → import round trip', () => {
  for (const format of ['csv', 'parquet', 'jsonl', 'listenbrainz'] as ExportFormat[]) {
    it(`restores exactly the same plays from ${format}`, async () => {
      const original = await allPlays(db);
      expect(original).toHaveLength(8);
      const out = dir.path(`plays.${format}`);
      const result = await exportPlays({ db, userId: USER, format, out });
      expect(result.rows).toBe(8);

      const fresh = await freshDb(dir, `fresh-${format}.duckdb`);
      try {
        const report = await importHistory({
          db: fresh,
          userId: USER,
          inputs: [{ path: out }],
          clock: clock(),
        });
        expect(report).toMatchObject({ filesRead: 1, rowsRead: 8, playsAdded: 8, rowsRejected: 0 });
        expect(await allPlays(fresh)).toEqual(original);
        // And importing the export back into the database it came from adds nothing.
        const again = await importHistory({ db, userId: USER, inputs: [{ path: out }], clock: clock() });
        expect(again).toMatchObject({ playsAdded: 0, alreadyImported: 8 });
      } finally {
        await fresh.close();
      }
    });
  }

  it('writes ListenBrainz listens in their format', async () => {
    const out = dir.path('listens.jsonl');
    await exportPlays({ db, userId: USER, format: 'listenbrainz', out });
    const first = JSON.parse(readFileSync(out, 'utf8').split('\n')[0]!);
    expect(first).toEqual({
      listened_at: Date.parse('2023-05-01T10:00:00Z') / 1000,
      track_metadata: {
        artist_name: 'Artist',
        track_name: 'Song',
        release_name: 'Album',
        additional_info: {
          submission_client: 'encore',
          music_service: 'spotify.com',
          spotify_id: `https://open.spotify.com/track/${sid(1)}`,
          origin_url: `https://open.spotify.com/track/${sid(1)}`,
          duration_ms: null,
          encore_played_at: '2023-05-01T10:00:00.000Z',
          encore_track_key: sid(1),
          encore_track_id: sid(1),
          encore_kind: 'track',
          encore_ms_played: 180000,
          encore_ms_played_source: 'export',
          encore_source: 'export_extended',
          encore_context_uri: null,
          encore_skipped: null,
          encore_shuffle: true,
          encore_platform: 'android',
        },
      },
    });
  });

  it('writes CSV with a header and ISO times', async () => {
    const out = dir.path('plays.csv');
    await exportPlays({ db, userId: USER, format: 'csv', out });
    const [header, row] = readFileSync(out, 'utf8').split('\n');
    expect(header).toBe(
      'user_id,played_at,track_key,track_id,kind,track_name,artist_name,album_name,ms_played,ms_played_source,context_uri,source,skipped,shuffle,platform',
    );
    expect(row).toBe(
      `alice,2023-05-01T10:00:00.000Z,${sid(1)},${sid(1)},track,Song,Artist,Album,180000,export,,export_extended,,true,android`,
    );
  });

  it('refuses a Parquet file inside a zip with a reason', async () => {
    const out = dir.path('plays.parquet');
    await exportPlays({ db, userId: USER, format: 'parquet', out });
    const zip = dir.write('parquet.zip', writeZip([{ name: 'plays.parquet', data: readFileSync(out) }]));
    const report = await importHistory({ db, userId: USER, inputs: [{ path: zip }], clock: clock() });
    expect(report.filesSkipped).toEqual([
      {
        file: `${zip}:plays.parquet`,
        why: 'a Parquet file is read from disk only: import the .parquet file itself',
        problem: true,
      },
    ]);
  });
});

describe('ListenBrainz files from elsewhere', () => {
  it('reads their listens: Spotify ids from spotify_id/origin_url, names otherwise', async () => {
    const listens = [
      {
        listened_at: 1_700_000_000,
        track_metadata: {
          artist_name: 'Portishead',
          track_name: 'Roads',
          release_name: 'Dummy',
          additional_info: { origin_url: `https://open.spotify.com/track/${sid(42)}`, duration_ms: 305000 },
        },
      },
      { listened_at: 1_700_000_400, track_metadata: { artist_name: 'Local', track_name: 'Tape' } },
      { listened_at: 1_700_000_800, track_metadata: { artist_name: 'No title' } },
    ];
    const fresh = await freshDb(dir, 'lb.duckdb');
    try {
      const file = dir.write('listens.jsonl', `${listens.map((l) => JSON.stringify(l)).join('\n')}\n`);
      const report = await importHistory({
        db: fresh,
        userId: USER,
        inputs: [{ path: file }],
        clock: clock(),
      });
      expect(report.rejects).toEqual([{ file, index: 3, why: 'track_name is missing' }]);
      expect(
        (await allPlays(fresh)).map((p) => [
          p.track_key,
          p.track_id,
          p.ms_played,
          p.ms_played_source,
          p.source,
        ]),
      ).toEqual([
        [sid(42), sid(42), 305000, 'track_length', 'listenbrainz'],
        ['name:local|tape', null, null, null, 'listenbrainz'],
      ]);
    } finally {
      await fresh.close();
    }
  });

  it('reads a ListenBrainz API dump ({"payload": {"listens": [...]}})', async () => {
    const fresh = await freshDb(dir, 'lb2.duckdb');
    try {
      const dump = {
        payload: {
          count: 1,
          listens: [{ listened_at: 1_700_000_000, track_metadata: { artist_name: 'A', track_name: 'T' } }],
        },
      };
      const file = dir.write('dump.json', JSON.stringify(dump, null, 2));
      const report = await importHistory({
        db: fresh,
        userId: USER,
        inputs: [{ path: file }],
        clock: clock(),
      });
      expect(report).toMatchObject({ filesRead: 1, playsAdded: 1 });
    } finally {
      await fresh.close();
    }
  });
});
