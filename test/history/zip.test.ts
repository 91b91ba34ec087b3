import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importHistory } from '../../src/jobs/history-import.ts';
import type { ZipLimits } from '../../src/history/zip.ts';
import type { Db } from '../../src/store/db.ts';
import {
  accountRow,
  allPlays,
  clock,
  extendedRow,
  freshDb,
  sid,
  type TempDir,
  tempDir,
  USER,
} from './helpers/fixtures.ts';
import { writeZip } from './helpers/zip-writer.ts';

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

const importZip = (zip: Buffer, limits?: Partial<ZipLimits>) =>
  importHistory({
    db,
    userId: USER,
    inputs: [{ path: dir.write('my_spotify_data.zip', zip) }],
    clock: clock(),
    limits,
  });

const audio = (n: number, day = 1) =>
  JSON.stringify(
    Array.from({ length: n }, (_, i) =>
      extendedRow({
        ts: `2023-02-${String(day).padStart(2, '0')}T10:${String(i).padStart(2, '0')}:00Z`,
        spotify_track_uri: `spotify:track:${sid(i)}`,
      }),
    ),
  );

describe('zip exports', () => {
  it('reads a real-shaped export: nested folders, a PDF, account and extended files', async () => {
    const zip = writeZip([
      { name: 'Spotify Extended Streaming History/', data: '' },
      {
        name: 'Spotify Extended Streaming History/ReadMeFirst_ExtendedStreamingHistory.pdf',
        data: Buffer.from([0x25, 0x50, 0x44, 0x46, 0xff, 0xfe]),
      },
      { name: 'Spotify Extended Streaming History/Streaming_History_Audio_2023_0.json', data: audio(3, 1) },
      {
        name: 'Spotify Extended Streaming History/deeper/still/Streaming_History_Audio_2023_1.json',
        data: audio(2, 2),
        method: 0,
      },
      {
        name: 'Spotify Account Data/StreamingHistory_music_0.json',
        data: JSON.stringify([accountRow('2023-03-01 10:00', 'A', 'B', 1)]),
      },
      { name: '__MACOSX/Spotify Account Data/._StreamingHistory_music_0.json', data: 'junk' },
      { name: 'Spotify Account Data/.DS_Store', data: 'junk' },
    ]);
    const report = await importZip(zip);
    expect(report).toMatchObject({ filesRead: 3, rowsRead: 6, playsAdded: 6, rowsRejected: 0 });
    expect(report.filesSkipped).toEqual([
      {
        file: `${dir.path('my_spotify_data.zip')}:Spotify Extended Streaming History/ReadMeFirst_ExtendedStreamingHistory.pdf`,
        why: 'not UTF-8 text (a binary file, or text in another encoding)',
        problem: false,
      },
    ]);
    expect(report.outcome).toBe('ok');
    expect((await allPlays(db)).map((p) => p.source)).toEqual([
      'export_extended',
      'export_extended',
      'export_extended',
      'export_extended',
      'export_extended',
      'export_account',
    ]);
  });

  it('reads duplicate files in one zip once', async () => {
    const content = audio(4);
    const zip = writeZip([
      { name: 'a/Streaming_History_Audio_2023_0.json', data: content },
      { name: 'b/Streaming_History_Audio_2023_0 (1).json', data: content },
    ]);
    const report = await importZip(zip);
    expect(report).toMatchObject({ filesRead: 1, rowsRead: 4, playsAdded: 4 });
    expect(report.filesSkipped).toEqual([
      {
        file: `${dir.path('my_spotify_data.zip')}:b/Streaming_History_Audio_2023_0 (1).json`,
        why: `same content as ${dir.path('my_spotify_data.zip')}:a/Streaming_History_Audio_2023_0.json, read once`,
        problem: false,
      },
    ]);
  });

  it('reports an empty zip as nothing found', async () => {
    const report = await importZip(writeZip([]));
    expect(report.outcome).toBe('nothing_found');
    expect(report.filesSkipped).toEqual([
      { file: dir.path('my_spotify_data.zip'), why: 'the zip holds no files', problem: true },
    ]);
  });

  it('refuses a zip whose declared size exceeds the cap, before reading anything', async () => {
    const zip = writeZip([
      { name: 'Streaming_History_Audio_2023_0.json', data: audio(2) },
      { name: 'zeros.json', data: Buffer.alloc(3 * 1024 * 1024, 0x20) },
    ]);
    expect(zip.length).toBeLessThan(64 * 1024); // a small file that inflates a lot
    const report = await importZip(zip, { maxTotalBytes: 1024 * 1024 });
    expect(report.playsAdded).toBe(0);
    expect(report.filesSkipped).toEqual([
      {
        file: dir.path('my_spotify_data.zip'),
        why: 'would inflate to 3.0 MiB, more than the 1.0 MiB allowed (zip bomb guard)',
        problem: true,
      },
    ]);
    expect(report.outcome).toBe('nothing_found');
  });

  it('stops an entry that inflates beyond its declared size', async () => {
    const zip = writeZip([
      { name: 'bomb.json', data: Buffer.alloc(2 * 1024 * 1024, 0x20), declaredSize: 100 },
      { name: 'Streaming_History_Audio_2023_0.json', data: audio(1) },
    ]);
    const report = await importZip(zip);
    expect(report.playsAdded).toBe(1);
    expect(report.filesSkipped).toHaveLength(1);
    expect(report.filesSkipped[0]?.file).toMatch(/:bomb\.json$/);
    expect(report.filesSkipped[0]?.why).toMatch(/^could not be read: too many bytes in the stream/);
  });

  it('refuses a zip with too many entries', async () => {
    const zip = writeZip(Array.from({ length: 12 }, (_, i) => ({ name: `f${i}.json`, data: '[]' })));
    const report = await importZip(zip, { maxEntries: 10 });
    expect(report.filesSkipped[0]?.why).toBe('holds 12 entries, more than the 10 allowed (zip bomb guard)');
  });

  it('treats traversal and absolute names as labels only', async () => {
    const zip = writeZip([
      { name: '../../etc/Streaming_History_Audio_evil.json', data: audio(1) },
      {
        name: '/abs/StreamingHistory0.json',
        data: JSON.stringify([accountRow('2023-03-01 10:00', 'A', 'B', 1)]),
      },
    ]);
    const report = await importZip(zip);
    expect(report.playsAdded).toBe(2);
    expect(report.filesSkipped).toEqual([]);
    expect(await db.one("SELECT label FROM import_files WHERE label LIKE '%evil%'")).toEqual({
      label: `${dir.path('my_spotify_data.zip')}:../../etc/Streaming_History_Audio_evil.json`,
    });
  });

  it('reports a damaged zip and a non-zip with a .zip name', async () => {
    const good = writeZip([{ name: 'x.json', data: audio(1) }]);
    const damaged = Buffer.concat([good.subarray(0, 40), Buffer.alloc(10)]);
    const report = await importHistory({
      db,
      userId: USER,
      inputs: [
        { path: dir.write('damaged.zip', damaged) },
        { path: dir.write('fake.zip', 'not a zip at all') },
      ],
      clock: clock(),
    });
    expect(report.filesSkipped.map((s) => [s.file.split('/').pop(), s.why.split(':')[0]])).toEqual([
      ['damaged.zip', 'not a readable zip'],
      ['fake.zip', 'not JSON'],
    ]);
  });

  it('imports an uploaded zip from memory (the web upload path)', async () => {
    const report = await importHistory({
      db,
      userId: USER,
      inputs: [
        {
          name: 'upload.zip',
          bytes: writeZip([{ name: 'Streaming_History_Audio_2023_0.json', data: audio(2) }]),
        },
      ],
      clock: clock(),
    });
    expect(report).toMatchObject({ filesRead: 1, playsAdded: 2 });
  });
});
