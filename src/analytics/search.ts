/** Search over one user's history for artists, tracks and albums (the nav's search box). */
import type { Db } from '../store/db.ts';
import { lastDaysRange } from './ranges.ts';
import { AnalyticsQueryError, checkedInteger, resolveQuery } from './query.ts';
import { runAnalyses } from './run.ts';
import { NEEDLE_CTE, searchSql } from './sql/search.ts';

export interface SearchQuery {
  userId: string;
  timeZone: string;
  text: string;
  now: number;
  /** Results per kind; default 10. */
  limit?: number;
}

export interface SearchHit {
  /** The catalog id (recording key for tracks), or null for names only. */
  id: string | null;
  name: string;
  /** Tracks and albums: the artist; artists: null. */
  artistName: string | null;
  /** The artist name the latest play carried (album name keys are built from it). */
  playArtist: string | null;
  /** The user's streams of it (plays that pass the stream rule). */
  plays: number;
  /** The name starts with the query, or has a word that does. */
  prefix: boolean;
}

export interface SearchResults {
  text: string;
  artists: SearchHit[];
  tracks: SearchHit[];
  albums: SearchHit[];
}

export const MAX_SEARCH_LENGTH = 100;

/** Lowercase, accents stripped, spaces collapsed: the form names are compared in. */
export function foldText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export async function searchHistory(db: Db, query: SearchQuery): Promise<SearchResults> {
  const text = foldText(query.text ?? '');
  if (!text) throw new AnalyticsQueryError('Type a name to search for.');
  if (text.length > MAX_SEARCH_LENGTH)
    throw new AnalyticsQueryError(`A search is at most ${MAX_SEARCH_LENGTH} characters.`);
  const limit = checkedInteger(query.limit ?? 10, 'limit', 1, 100);
  const q = resolveQuery({
    userId: query.userId,
    timeZone: query.timeZone,
    from: new Date(0),
    to: lastDaysRange(1, query.now, query.timeZone).to,
  });
  const e = likeEscape(text);
  const parts = await runAnalyses<Omit<SearchResults, 'text'>>(
    db,
    q,
    {
      artists: searchSql('artist', limit),
      tracks: searchSql('track', limit),
      albums: searchSql('album', limit),
    },
    { extra: { sql: NEEDLE_CTE, params: [`%${e}%`, `${e}%`, `% ${e}%`] } },
  );
  return { text, ...parts };
}
