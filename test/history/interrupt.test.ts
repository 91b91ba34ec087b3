import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSyntheticExport } from '../../bench/lib/import-synthetic.ts';
import { importHistory } from '../../src/jobs/history-import.ts';
import type { Db } from '../../src/store/db.ts';
import {
  allPlays,
  clock,
  freshDb,
  insertLivePlay,
  type PlayRow,
  type TempDir,
  tempDir,
  USER,
} from './helpers/fixtures.ts';

/**
 * Interrupt safety: an import stopped at any point and run again ends with exactly the
 * plays of an uninterrupted run — including the merges with live plays.
 */

let dir: TempDir;
let paths: string[];
let reference: PlayRow[];
/** Plays stored after each file of the uninterrupted run. */
let cumulative: number[];
/** Live plays each database starts with. */
let seededCount = 0;

async function seededDb(name: string): Promise<Db> {
  const db = await freshDb(dir, name);
  // Live plays a few seconds after some export rows of the third file, with inferred lengths.
  const rows = JSON.parse(readFileSync(paths[2]!, 'utf8')) as Array<Record<string, unknown>>;
  const tracks = rows.filter((r) => typeof r.spotify_track_uri === 'string').filter((_, i) => i % 150 === 0);
  for (const r of tracks) {
    await insertLivePlay(db, {
      trackId: String(r.spotify_track_uri).slice('spotify:track:'.length),
      playedAt: new Date(Date.parse(String(r.ts)) + 3_250).toISOString(),
      msPlayed: 1,
      trackName: String(r.master_metadata_track_name),
      artistName: String(r.master_metadata_album_artist_name),
    });
  }
  seededCount = tracks.length;
  return db;
}

const importInto = (db: Db, hooks = {}) =>
  importHistory({ db, userId: USER, inputs: paths.map((path) => ({ path })), clock: clock(), hooks });

beforeAll(async () => {
  dir = tempDir();
  const data = await writeSyntheticExport({ dir: join(dir.dir, 'export'), rows: 40_000, files: 4, seed: 7 });
  paths = data.paths;
  const db = await seededDb('reference.duckdb');
  cumulative = [];
  const report = await importInto(db, {
    onFileCommitted: async () => {
      cumulative.push((await db.one<{ n: number }>('SELECT count(*) AS n FROM plays'))!.n);
    },
  });
  expect(report.msPlayedReplaced).toBeGreaterThan(50);
  reference = await allPlays(db);
  await db.close();
}, 120_000);

afterAll(() => dir.cleanup());

describe('interrupted imports', () => {
  it('a crash after file k: the rerun skips the finished files and ends identical', async () => {
    const db = await seededDb('crash-after.duckdb');
    await expect(
      importInto(db, {
        onFileCommitted: (f: { index: number }) => {
          if (f.index === 1) throw new Error('simulated crash');
        },
      }),
    ).rejects.toThrow('simulated crash');
    expect((await allPlays(db)).length).toBe(cumulative[1]);
    const rerun = await importInto(db);
    expect(rerun.filesAlreadyImported).toHaveLength(2);
    expect(rerun.filesRead).toBe(2);
    expect(await allPlays(db)).toEqual(reference);
    await db.close();
  });

  it('a crash inside a file’s transaction leaves none of that file', async () => {
    const db = await seededDb('crash-inside.duckdb');
    await expect(
      importInto(db, {
        beforeFileCommit: (f: { index: number }) => {
          if (f.index === 2) throw new Error('simulated crash before commit');
        },
      }),
    ).rejects.toThrow('simulated crash before commit');
    expect((await allPlays(db)).length).toBe(cumulative[1]);
    expect((await db.one<{ n: number }>('SELECT count(*) AS n FROM import_files'))!.n).toBe(2);
    const failed = await db.one<{ outcome: string }>(
      "SELECT outcome FROM job_runs WHERE job = 'history-import'",
    );
    expect(failed?.outcome).toBe('failed');
    await importInto(db);
    expect(await allPlays(db)).toEqual(reference);
    await db.close();
  });

  for (const killAfter of ['started', 'committed 0', 'committed 2']) {
    it(`a process killed (SIGKILL) after "${killAfter}" is finished by a rerun with identical plays`, async () => {
      const name = `killed-${killAfter.replace(' ', '-')}.duckdb`;
      const seeded = await seededDb(name);
      await seeded.close();
      const child = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          join(import.meta.dirname, 'helpers', 'import-child.ts'),
          dir.path(name),
          ...paths,
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      const seen = await killWhen(child, killAfter);
      expect(seen).not.toContain('done');
      const db = await (await import('../../src/store/open.ts')).openStore(dir.path(name));
      const afterKill = (await allPlays(db)).length;
      // Whole files or nothing: the count is the seeded live plays or one of the per-file totals.
      expect([seededCount, ...cumulative]).toContain(afterKill);
      await importInto(db);
      expect(await allPlays(db)).toEqual(reference);
      await db.close();
    }, 60_000);
  }
});

/** Kills the child with SIGKILL a few milliseconds after it prints `line`; resolves with what it printed. */
function killWhen(child: ChildProcess, line: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.split('\n').includes(line)) setTimeout(() => child.kill('SIGKILL'), 15);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve(out);
      else reject(new Error(`child ended before it was killed (code ${code}): ${out}${err}`));
    });
  });
}
