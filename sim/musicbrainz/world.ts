/**
 * The MusicBrainz side of the simulated world, built from the Spotify simulator's catalog
 * so that names and Spotify ids line up. Which artist gets what is decided by a hash of
 * its Spotify id (stable across runs and seeds of the same catalog):
 *
 * - most artists are in MusicBrainz with a URL relation to their Spotify artist page;
 * - some are in MusicBrainz without that relation (findable by name only);
 * - a few are not in MusicBrainz at all;
 * - artists with Spotify genres carry the same genres here (with vote counts); most
 *   artists without Spotify genres have MusicBrainz genres, some only tags, some nothing;
 * - a couple of names exist twice (different artists, one name) so that a name search
 *   alone can never decide between them.
 */
import type { Catalog, CatalogArtist } from '../spotify/catalog.ts';
import { GENRES } from '../spotify/catalog-data.ts';
import { hashString } from '../spotify/rng.ts';

export interface MbCount {
  name: string;
  count: number;
}

export interface MbArtist {
  id: string;
  name: string;
  sortName: string;
  type: 'Group' | 'Person';
  disambiguation: string;
  genres: MbCount[];
  tags: MbCount[];
  /** The Spotify artist this entry's URL relation points at, if it has one. */
  spotifyId: string | null;
}

export interface MusicBrainzWorld {
  artists: MbArtist[];
  byId: Map<string, MbArtist>;
  /** `https://open.spotify.com/artist/<id>` → the artist holding that URL relation. */
  byUrl: Map<string, MbArtist>;
}

/** How a Spotify artist appears in MusicBrainz. */
export type MbPresence = 'linked' | 'name_only' | 'absent';

/** Names that belong to two different MusicBrainz artists (one a homonym). */
export const HOMONYMS: Record<string, string> = {
  'Xavier Rudd': 'Canadian jazz drummer',
  Travis: 'US rapper',
  'The Band': '1990s Dutch pop group',
};

/** Forced presence for hand-written artists whose role in tests must not depend on a hash. */
const FORCED: Record<string, MbPresence> = {
  'Xavier Rudd': 'name_only', // no Spotify genres, homonym in MB → a name search cannot decide
  'Led Zepagain': 'name_only', // no Spotify genres, unique name → found by strict name search
  Travis: 'linked',
  'The Band': 'linked',
};

export function spotifyArtistUrl(spotifyId: string): string {
  return `https://open.spotify.com/artist/${spotifyId}`;
}

/** A stable UUID-shaped MBID from a label. */
export function mbidFor(label: string): string {
  const hex = [0, 1, 2, 3].map((i) => hashString(`${i}:${label}`).toString(16).padStart(8, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function presenceOf(artist: CatalogArtist): MbPresence {
  const forced = FORCED[artist.name];
  if (forced) return forced;
  const h = hashString(`mb-presence:${artist.id}`) % 100;
  if (h < 8) return 'absent';
  if (h < 20) return 'name_only';
  return 'linked';
}

function votes(names: string[], seedLabel: string): MbCount[] {
  return names.map((name, i) => ({
    name,
    count: Math.max(1, 12 - i * 3 + (hashString(`${seedLabel}:${name}`) % 3)),
  }));
}

/** Genres and tags for an artist: Spotify's when it has some, otherwise from the hash. */
function genresAndTags(artist: CatalogArtist): { genres: MbCount[]; tags: MbCount[] } {
  if (artist.genres.length > 0) {
    const genres = votes(artist.genres, artist.id);
    return { genres, tags: [...genres, { name: 'seen live', count: 1 }] };
  }
  const h = hashString(`mb-genres:${artist.id}`);
  const kind = h % 6;
  if (kind === 0) return { genres: [], tags: [] };
  if (kind === 1) return { genres: [], tags: [{ name: 'seen live', count: 1 }] };
  const picked = [GENRES[h % GENRES.length]!, GENRES[(h >>> 8) % GENRES.length]!];
  const genres = votes([...new Set(picked)], artist.id);
  return { genres, tags: genres };
}

function sortName(name: string): string {
  const m = /^The (.+)$/.exec(name);
  return m ? `${m[1]}, The` : name;
}

export function createMusicBrainzWorld(catalog: Catalog): MusicBrainzWorld {
  const artists: MbArtist[] = [];
  for (const artist of catalog.artists) {
    const presence = presenceOf(artist);
    if (presence === 'absent') continue;
    artists.push({
      id: mbidFor(`artist:${artist.id}`),
      name: artist.name,
      sortName: sortName(artist.name),
      type: /^\S+ \S+$/.test(artist.name) && !artist.name.startsWith('The ') ? 'Person' : 'Group',
      disambiguation: '',
      ...genresAndTags(artist),
      spotifyId: presence === 'linked' ? artist.id : null,
    });
  }
  for (const [name, disambiguation] of Object.entries(HOMONYMS)) {
    const genres = votes(['jazz', 'hip hop'].slice(name.length % 2, 1 + (name.length % 2)), name);
    artists.push({
      id: mbidFor(`homonym:${name}`),
      name,
      sortName: sortName(name),
      type: 'Person',
      disambiguation,
      genres,
      tags: genres,
      spotifyId: null,
    });
  }
  const byUrl = new Map<string, MbArtist>();
  for (const a of artists) if (a.spotifyId) byUrl.set(spotifyArtistUrl(a.spotifyId), a);
  return { artists, byId: new Map(artists.map((a) => [a.id, a])), byUrl };
}
