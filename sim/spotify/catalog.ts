/**
 * The simulated Spotify catalog: artists, albums and tracks with Spotify-shaped ids,
 * ISRCs, genres and durations. Generated from a seed, so every simulator (and every
 * test) that builds a catalog from the same seed sees the same world.
 */
import {
  ADJECTIVES,
  FIRST_NAMES,
  GENRES,
  HARD_ARTISTS,
  type HardArtistSpec,
  ISRC_COUNTRIES,
  LAST_NAMES,
  NOUNS,
  SHORT_TRACK_TITLES,
  VERBS,
} from './catalog-data.ts';
import { base62Id, createRng, deriveSeed, type Rng } from './rng.ts';

export interface CatalogArtist {
  id: string;
  name: string;
  /** Some artists have none, as on the real service. */
  genres: string[];
  popularity: number;
  followers: number;
}

export interface CatalogAlbum {
  id: string;
  name: string;
  albumType: 'album' | 'single' | 'compilation';
  artistIds: string[];
  /** `YYYY-MM-DD`. */
  releaseDate: string;
  label: string;
  popularity: number;
  trackIds: string[];
}

export interface CatalogTrack {
  id: string;
  name: string;
  artistIds: string[];
  albumId: string;
  durationMs: number;
  isrc: string;
  explicit: boolean;
  popularity: number;
  trackNumber: number;
  discNumber: number;
}

export interface Catalog {
  readonly artists: readonly CatalogArtist[];
  readonly albums: readonly CatalogAlbum[];
  readonly tracks: readonly CatalogTrack[];
  artist(id: string): CatalogArtist | undefined;
  album(id: string): CatalogAlbum | undefined;
  track(id: string): CatalogTrack | undefined;
  /** Exact (case-sensitive) name lookup, for tests that need "The Band" by name. */
  artistByName(name: string): CatalogArtist | undefined;
  /** An artist's tracks (including features), most popular first. */
  tracksByArtist(artistId: string): CatalogTrack[];
}

export interface CatalogOptions {
  /** Generated artists on top of the hand-written hard cases (default 160). */
  generatedArtists?: number;
  /**
   * Artists from another simulated world (the concert world) with their own ids, each
   * given one album of generated tracks. Added last, so the rest of the catalog is the
   * same as without them.
   */
  extraArtists?: readonly ExtraArtistSpec[];
}

export interface ExtraArtistSpec {
  id: string;
  name: string;
  genres?: readonly string[];
}

interface Builder {
  rng: Rng;
  artists: CatalogArtist[];
  albums: CatalogAlbum[];
  tracks: CatalogTrack[];
}

/** Builds the catalog for a seed. Pure: same seed and options, same catalog. */
export function createCatalog(seed: number, options: CatalogOptions = {}): Catalog {
  const builder: Builder = {
    rng: createRng(deriveSeed(seed, 'catalog')),
    artists: [],
    albums: [],
    tracks: [],
  };
  for (const spec of HARD_ARTISTS) addHardArtist(builder, spec);
  const usedNames = new Set(builder.artists.map((a) => a.name));
  const count = options.generatedArtists ?? 160;
  for (let i = 0; i < count; i++) addGeneratedArtist(builder, uniqueArtistName(builder.rng, usedNames));
  addFeatures(builder);
  if (options.extraArtists?.length) {
    // A separate stream: extra artists never shift the ids of the rest of the catalog.
    const extra = { ...builder, rng: createRng(deriveSeed(seed, 'catalog-extra')) };
    for (const spec of options.extraArtists) addExtraArtist(extra, spec);
  }
  return indexCatalog(builder);
}

function indexCatalog({ artists, albums, tracks }: Builder): Catalog {
  const artistById = new Map(artists.map((a) => [a.id, a]));
  const albumById = new Map(albums.map((a) => [a.id, a]));
  const trackById = new Map(tracks.map((t) => [t.id, t]));
  const artistByName = new Map(artists.map((a) => [a.name, a]));
  const byArtist = new Map<string, CatalogTrack[]>();
  for (const track of tracks) {
    for (const artistId of track.artistIds) {
      const list = byArtist.get(artistId) ?? [];
      list.push(track);
      byArtist.set(artistId, list);
    }
  }
  for (const list of byArtist.values()) list.sort((a, b) => b.popularity - a.popularity);
  return {
    artists,
    albums,
    tracks,
    artist: (id) => artistById.get(id),
    album: (id) => albumById.get(id),
    track: (id) => trackById.get(id),
    artistByName: (name) => artistByName.get(name),
    tracksByArtist: (id) => [...(byArtist.get(id) ?? [])],
  };
}

function addHardArtist(builder: Builder, spec: HardArtistSpec): void {
  const { rng } = builder;
  const artist = newArtist(rng, spec.name, spec.genres, spec.popularity);
  builder.artists.push(artist);
  const album = newAlbum(rng, spec.album, 'album', artist, randomDate(rng, spec.releaseYear));
  builder.albums.push(album);
  spec.tracks.forEach((name, index) => {
    // Named intros/outros stay short, like the real ones.
    const short = /^(Intro|Outro)$/.test(name);
    const durationMs = short ? rng.int(35_000, 58_000) : rng.int(150_000, 480_000);
    addTrack(builder, album, artist, name, durationMs, index + 1);
  });
}

function addGeneratedArtist(builder: Builder, name: string): void {
  const { rng } = builder;
  const genres = rng.chance(0.15) ? [] : rng.shuffle(GENRES).slice(0, rng.int(1, 3));
  const artist = newArtist(rng, name, genres.sort(), rng.int(3, 82));
  builder.artists.push(artist);
  const albumCount = rng.int(1, 3);
  for (let i = 0; i < albumCount; i++) {
    const type = i === 0 || rng.chance(0.5) ? 'album' : 'single';
    const year = rng.int(1965, 2026);
    const album = newAlbum(rng, albumTitle(rng), type, artist, randomDate(rng, year));
    builder.albums.push(album);
    const trackCount = type === 'album' ? rng.int(8, 13) : rng.int(1, 3);
    for (let n = 1; n <= trackCount; n++) {
      const durationMs = trackDuration(rng);
      addTrack(builder, album, artist, trackTitle(rng, durationMs, year), durationMs, n);
    }
  }
}

function addExtraArtist(builder: Builder, spec: ExtraArtistSpec): void {
  const { rng } = builder;
  const artist = { ...newArtist(rng, spec.name, [...(spec.genres ?? [])], rng.int(5, 70)), id: spec.id };
  builder.artists.push(artist);
  const year = rng.int(1975, 2026);
  const album = newAlbum(rng, albumTitle(rng), 'album', artist, randomDate(rng, year));
  builder.albums.push(album);
  const trackCount = rng.int(6, 12);
  for (let n = 1; n <= trackCount; n++) {
    const durationMs = rng.int(150_000, 330_000);
    addTrack(builder, album, artist, trackTitle(rng, durationMs, year), durationMs, n);
  }
}

/** ~12 % of tracks are under a minute (intros, interludes); the rest 2–7 minutes. */
function trackDuration(rng: Rng): number {
  const r = rng.next();
  if (r < 0.04) return rng.int(12_000, 29_000);
  if (r < 0.08) return rng.int(30_000, 45_000);
  if (r < 0.12) return rng.int(46_000, 59_000);
  return rng.chance(0.7) ? rng.int(150_000, 270_000) : rng.int(120_000, 420_000);
}

function trackTitle(rng: Rng, durationMs: number, year: number): string {
  if (durationMs < 60_000 && rng.chance(0.6)) return rng.pick(SHORT_TRACK_TITLES);
  const base = rng.chance(0.5)
    ? `${rng.pick(ADJECTIVES)} ${rng.pick(NOUNS)}`
    : rng.chance(0.5)
      ? `${rng.pick(VERBS)} the ${rng.pick(NOUNS)}`
      : `${rng.pick(NOUNS)} of ${rng.pick(NOUNS)}s`;
  // Reissue and live suffixes are a real matching hazard, so the world has them.
  if (year < 1990 && rng.chance(0.3)) return `${base} - Remastered ${rng.int(2005, 2019)}`;
  if (rng.chance(0.03)) return `${base} - Live`;
  return base;
}

function albumTitle(rng: Rng): string {
  return rng.chance(0.5) ? `${rng.pick(ADJECTIVES)} ${rng.pick(NOUNS)}s` : `The ${rng.pick(NOUNS)}`;
}

function uniqueArtistName(rng: Rng, used: Set<string>): string {
  for (let attempt = 0; ; attempt++) {
    const r = rng.next();
    let name: string;
    if (r < 0.3) name = `The ${rng.pick(ADJECTIVES)} ${rng.pick(NOUNS)}s`;
    else if (r < 0.55) name = `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`;
    else if (r < 0.8) name = `${rng.pick(ADJECTIVES)} ${rng.pick(NOUNS)}`;
    else if (r < 0.9) name = `${rng.pick(NOUNS)} ${rng.pick(NOUNS)}`;
    else name = `DJ ${rng.pick(NOUNS)}`;
    if (attempt > 50) name = `${name} ${attempt}`;
    if (!used.has(name)) {
      used.add(name);
      return name;
    }
  }
}

/** About 8 % of generated tracks feature a second artist, named in the title too. */
function addFeatures(builder: Builder): void {
  const { rng, tracks, artists } = builder;
  const generated = artists.slice(HARD_ARTISTS.length);
  if (generated.length < 2) return;
  for (const track of tracks) {
    const mainId = track.artistIds[0];
    if (!generated.some((a) => a.id === mainId) || !rng.chance(0.08)) continue;
    const guest = rng.pick(generated);
    if (guest.id === mainId || track.durationMs < 60_000) continue;
    track.artistIds.push(guest.id);
    track.name = `${track.name} (feat. ${guest.name})`;
  }
}

function newArtist(rng: Rng, name: string, genres: string[], popularity: number): CatalogArtist {
  const followers = Math.round(10 ** (2 + (popularity / 100) * 5.5) * rng.float(0.6, 1.4));
  return { id: base62Id(rng), name, genres, popularity, followers };
}

function newAlbum(
  rng: Rng,
  name: string,
  albumType: CatalogAlbum['albumType'],
  artist: CatalogArtist,
  releaseDate: string,
): CatalogAlbum {
  const label = `${rng.pick(NOUNS)} Records`;
  const popularity = clamp(artist.popularity + rng.int(-15, 10));
  return {
    id: base62Id(rng),
    name,
    albumType,
    artistIds: [artist.id],
    releaseDate,
    label,
    popularity,
    trackIds: [],
  };
}

function addTrack(
  builder: Builder,
  album: CatalogAlbum,
  artist: CatalogArtist,
  name: string,
  durationMs: number,
  trackNumber: number,
): void {
  const { rng } = builder;
  const track: CatalogTrack = {
    id: base62Id(rng),
    name,
    artistIds: [artist.id],
    albumId: album.id,
    durationMs,
    isrc: isrc(rng, album.releaseDate),
    explicit: rng.chance(0.15),
    popularity: clamp(artist.popularity + rng.int(-25, 12)),
    trackNumber,
    discNumber: 1,
  };
  album.trackIds.push(track.id);
  builder.tracks.push(track);
}

/** CC-XXX-YY-NNNNN without dashes, as Spotify returns it. */
function isrc(rng: Rng, releaseDate: string): string {
  const registrant = base62Id(rng, 3).toUpperCase();
  const year = releaseDate.slice(2, 4);
  return `${rng.pick(ISRC_COUNTRIES)}${registrant}${year}${String(rng.int(0, 99_999)).padStart(5, '0')}`;
}

function randomDate(rng: Rng, year: number): string {
  const month = String(rng.int(1, 12)).padStart(2, '0');
  const day = String(rng.int(1, 28)).padStart(2, '0');
  return `${year}-${month}-${day}`;
}

function clamp(value: number): number {
  return Math.max(0, Math.min(100, value));
}
