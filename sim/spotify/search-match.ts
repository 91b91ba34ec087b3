/**
 * A rough model of Spotify search: parse field filters out of `q`, then score names.
 * Exact (case- and accent-insensitive) names rank first, then names containing the
 * phrase, then names containing every word; popularity breaks ties.
 */
import type { Catalog, CatalogAlbum, CatalogArtist, CatalogTrack } from './catalog.ts';

export interface SearchQuery {
  words: string[];
  phrase: string;
  filters: Partial<Record<'artist' | 'track' | 'album' | 'isrc' | 'year' | 'genre', string>>;
}

const FILTER = /(artist|track|album|isrc|year|genre):(?:"([^"]*)"|(\S+))/gi;

export function parseSearchQuery(q: string): SearchQuery {
  const filters: SearchQuery['filters'] = {};
  const rest = q.replace(FILTER, (_m, field: string, quoted?: string, bare?: string) => {
    filters[field.toLowerCase() as keyof SearchQuery['filters']] = quoted ?? bare ?? '';
    return ' ';
  });
  const phrase = normalize(rest);
  return { words: phrase.split(' ').filter(Boolean), phrase, filters };
}

const normalized = new Map<string, string>();

/** Lower case, accents stripped, spaces collapsed; punctuation kept so "!!!" still matches. */
export function normalize(text: string): string {
  // Memoised: a big catalog is scanned once per search, and names repeat on every scan.
  let out = normalized.get(text);
  if (out === undefined) {
    out = text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
    if (normalized.size > 200_000) normalized.clear();
    normalized.set(text, out);
  }
  return out;
}

/** 3 exact, 2 contains the phrase, 1 contains every word, 0 no match. */
export function nameScore(name: string, phrase: string): number {
  const target = normalize(name);
  const wanted = normalize(phrase);
  if (!wanted) return 0;
  if (target === wanted) return 3;
  if (target.includes(wanted)) return 2;
  return wanted.split(' ').every((w) => target.includes(w)) ? 1 : 0;
}

type Scored<T> = { item: T; score: number; popularity: number; name: string };

function ranked<T>(scored: Array<Scored<T> | undefined>): T[] {
  return scored
    .filter((s): s is Scored<T> => s !== undefined && s.score > 0)
    .sort((a, b) => b.score - a.score || b.popularity - a.popularity || a.name.localeCompare(b.name))
    .map((s) => s.item);
}

export function searchArtists(catalog: Catalog, query: SearchQuery): CatalogArtist[] {
  return ranked(catalog.artists.map((artist) => scoreArtist(artist, query)));
}

function scoreArtist(artist: CatalogArtist, query: SearchQuery): Scored<CatalogArtist> | undefined {
  const { filters } = query;
  // Track-only filters never match an artist.
  if (filters.track !== undefined || filters.isrc !== undefined || filters.album !== undefined)
    return undefined;
  if (filters.genre !== undefined && !artist.genres.some((g) => nameScore(g, filters.genre ?? '') > 0)) {
    return undefined;
  }
  let score = 0.5;
  if (query.phrase) score += nameScore(artist.name, query.phrase) || -100;
  if (filters.artist !== undefined) score += nameScore(artist.name, filters.artist) || -100;
  return { item: artist, score, popularity: artist.popularity, name: artist.name };
}

export function searchTracks(catalog: Catalog, query: SearchQuery): CatalogTrack[] {
  return ranked(catalog.tracks.map((track) => scoreTrack(catalog, track, query)));
}

function scoreTrack(
  catalog: Catalog,
  track: CatalogTrack,
  query: SearchQuery,
): Scored<CatalogTrack> | undefined {
  const { filters } = query;
  const album = catalog.album(track.albumId) as CatalogAlbum;
  const artistNames = track.artistIds.map((id) => catalog.artist(id)?.name ?? '');
  let score = 0.5;
  if (filters.isrc !== undefined && filters.isrc.toUpperCase() !== track.isrc) return;
  if (filters.year !== undefined && !yearMatches(album.releaseDate, filters.year)) return;
  if (filters.track !== undefined) {
    const s = nameScore(track.name, filters.track);
    if (s === 0) return;
    score += s;
  }
  if (filters.artist !== undefined) {
    const s = Math.max(...artistNames.map((n) => nameScore(n, filters.artist ?? '')));
    if (s === 0) return;
    score += s;
  }
  if (filters.album !== undefined && nameScore(album.name, filters.album) === 0) return;
  if (query.phrase) {
    // Free text may hit the title, an artist or the album, as on the real service.
    const haystack = [track.name, ...artistNames, album.name].join(' ');
    const s = Math.max(nameScore(track.name, query.phrase), nameScore(haystack, query.phrase) > 0 ? 1 : 0);
    if (s === 0) return;
    score += s;
  }
  return { item: track, score, popularity: track.popularity, name: track.name };
}

export function searchAlbums(catalog: Catalog, query: SearchQuery): CatalogAlbum[] {
  return ranked(catalog.albums.map((album) => scoreAlbum(catalog, album, query)));
}

function scoreAlbum(
  catalog: Catalog,
  album: CatalogAlbum,
  query: SearchQuery,
): Scored<CatalogAlbum> | undefined {
  const { filters } = query;
  if (filters.artist !== undefined) {
    const names = album.artistIds.map((id) => catalog.artist(id)?.name ?? '');
    if (!names.some((n) => nameScore(n, filters.artist ?? '') > 0)) return undefined;
  }
  let score = 0.5;
  if (query.phrase) score += nameScore(album.name, query.phrase) || -100;
  if (filters.album !== undefined) score += nameScore(album.name, filters.album) || -100;
  return { item: album, score, popularity: album.popularity, name: album.name };
}

function yearMatches(releaseDate: string, filter: string): boolean {
  const year = Number(releaseDate.slice(0, 4));
  const [from, to] = filter.split('-').map(Number);
  if (from === undefined || Number.isNaN(from)) return false;
  return to === undefined || Number.isNaN(to) ? year === from : year >= from && year <= to;
}
