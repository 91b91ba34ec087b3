import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportShows, SHOWS_EXPORT_COLUMNS } from '../../src/shows/export-shows.ts';
import type { Db } from '../../src/store/db.ts';
import { K, NOW, openSeededDb, P } from './list-seed.ts';

let db: Db;
let dir: string;
beforeAll(async () => {
  ({ db, dir } = await openSeededDb());
});
afterAll(async () => {
  await db.close();
});

/** Minimal CSV reading for these rows (quoted fields, no embedded newlines). */
function splitCsvLine(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted && ch === '"' && line[i + 1] === '"') {
      field += '"';
      i++;
    } else if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) {
      fields.push(field);
      field = '';
    } else field += ch;
  }
  fields.push(field);
  return fields;
}

function parseCsv(text: string): Array<Record<string, string>> {
  const [header, ...lines] = text.trim().split('\n');
  const names = splitCsvLine(header!);
  return lines.map((line) => Object.fromEntries(splitCsvLine(line).map((v, i) => [names[i]!, v])));
}

describe('shows export', () => {
  it('documents every column, in order, in the README', () => {
    const readme = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### Export'), readme.indexOf('## Configuration'));
    const documented = section
      .split('\n')
      .filter((line) => line.startsWith('| `'))
      .flatMap((line) => [...line.split('|')[1]!.matchAll(/`([a-z_]+)`/g)].map((m) => m[1]));
    expect(documented).toEqual([...SHOWS_EXPORT_COLUMNS]);
  });

  it('writes one row per upcoming event × performer × picked track, columns in the documented order', async () => {
    const out = join(dir, 'shows.csv');
    const result = await exportShows({ db, format: 'csv', out, now: new Date(NOW) });
    const text = readFileSync(out, 'utf8');
    expect(text.split('\n')[0]).toBe(SHOWS_EXPORT_COLUMNS.join(','));
    const rows = parseCsv(text);
    // S1: Khruangbin × 3 picks, Men I Trust (no picks), Opener Nobody (unmatched); S2: Phoenix × 2;
    // S3: the tribute act; S6: not matched yet. S4 (cancelled) and S5 (past) are left out.
    expect(result).toMatchObject({ rows: 9, events: 4 });
    expect(rows).toHaveLength(9);
    expect(rows.map((r) => r.event_id)).toEqual([
      ...Array(5).fill('ticketmaster:S1'),
      'ticketmaster:S2',
      'ticketmaster:S2',
      'ticketmaster:S3',
      'ticketmaster:S6',
    ]);
    expect(rows[0]).toMatchObject({
      event_status: 'scheduled',
      date_utc: '2026-11-11T01:00:00Z',
      date_local: '2026-11-10',
      time_local: '20:00',
      time_zone: 'America/New_York',
      venue: 'Town Ballroom',
      city: 'Buffalo',
      state: 'NY',
      performer: 'Khruangbin, Men I Trust',
      performer_position: '0',
      headliner: 'true',
      matched_name: 'Khruangbin',
      spotify_artist_id: K.id,
      spotify_artist_name: 'Khruangbin',
      match_method: 'exact',
      match_score: '100.0',
      track_rank: '1',
      track_id: 'Kpick1',
      track_name: 'Time (You and I)',
      pick_source: 'search',
      danceability: '0.71',
      tempo: '104.0',
    });
    expect(rows[1]).toMatchObject({ track_id: 'Kpick2', danceability: '', energy: '', tempo: '' });
    expect(rows[3]).toMatchObject({ matched_name: 'Men I Trust', match_method: 'link', track_id: '' });
    expect(rows[5]).toMatchObject({ matched_name: 'An Evening with Phoenix', match_method: 'exact' });
    expect(rows[4]).toMatchObject({
      performer: 'Opener Nobody',
      performer_position: '1',
      headliner: 'false',
      spotify_artist_id: '',
      match_method: 'none',
    });
    expect(rows[5]).toMatchObject({
      performer: 'An Evening with Phoenix',
      spotify_artist_id: P.id,
      track_id: 'Ppick1',
    });
    expect(rows[8]).toMatchObject({
      performer: 'Undecided Band',
      matched_name: 'Undecided Band',
      match_method: '',
    });
  });

  it('writes Parquet with the same columns and native types, and honours place and days', async () => {
    const out = join(dir, 'shows.parquet');
    const result = await exportShows({
      db,
      format: 'parquet',
      out,
      now: new Date(NOW),
      placeId: 'buffalo-ny',
      toDay: new Date('2026-11-11T00:00:00Z'),
    });
    expect(result).toMatchObject({ rows: 7, events: 2 });
    const columns = await db.all<{ column_name: string; column_type: string }>(
      `DESCRIBE SELECT * FROM read_parquet('${out}')`,
    );
    expect(columns.map((c) => c.column_name)).toEqual([...SHOWS_EXPORT_COLUMNS]);
    const types = Object.fromEntries(columns.map((c) => [c.column_name, c.column_type]));
    expect(types).toMatchObject({
      date_utc: 'TIMESTAMP WITH TIME ZONE',
      date_local: 'DATE',
      danceability: 'DOUBLE',
    });
    const counted = await db.one<{ n: number; tracks: number }>(
      `SELECT count(*) AS n, count(track_id) AS tracks FROM read_parquet('${out}')`,
    );
    expect(counted).toEqual({ n: 7, tracks: 5 });
    const none = await exportShows({
      db,
      format: 'csv',
      out: join(dir, 'none.csv'),
      now: new Date(NOW),
      placeId: 'elsewhere',
    });
    expect(none.rows).toBe(0);
    expect(readFileSync(join(dir, 'none.csv'), 'utf8').trim()).toBe(SHOWS_EXPORT_COLUMNS.join(','));
  });
});
