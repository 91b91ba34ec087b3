/**
 * One simulated world for end-to-end shows runs: the concert world's artists are the
 * Spotify simulator's artists. Built-in performers that the Spotify catalog already has
 * (its hard cases: "The Band", "P!nk", "!!!", …) take the catalog's ids; every other
 * artist with a Spotify id is added to the catalog (`extraArtists`). The catalog's other
 * artists stay as look-alikes ("The Band Perry", "Xavier Rudd", "Travis Scott").
 */
import { type CatalogOptions, createCatalog, type ExtraArtistSpec } from '../spotify/catalog.ts';
import { DEFAULT_ARTISTS } from './artists.ts';
import { type ConcertWorld, type ConcertWorldOptions, createConcertWorld } from './world.ts';

export interface LinkedWorldOptions {
  world?: ConcertWorldOptions;
  /** The Spotify simulator's seed (its catalog depends on it). */
  spotifySeed?: number;
  generatedArtists?: number;
}

export interface LinkedWorld {
  world: ConcertWorld;
  /** Pass as `catalog` to the Spotify simulator (with the same seed). */
  catalog: CatalogOptions;
  spotifySeed: number;
}

/** Concert genres ("Hip-Hop/Rap") as Spotify-style genre tags ("hip hop", "rap"). */
function spotifyGenres(genre: string): string[] {
  return genre
    .toLowerCase()
    .split('/')
    .map((g) => g.replace(/-/g, ' ').trim())
    .filter(Boolean);
}

export function createLinkedWorld(options: LinkedWorldOptions = {}): LinkedWorld {
  const spotifySeed = options.spotifySeed ?? 11;
  const base = createCatalog(spotifySeed, { generatedArtists: options.generatedArtists });
  const artists = (options.world?.artists ?? DEFAULT_ARTISTS).map((spec) =>
    spec.spotifyId === null
      ? spec
      : { ...spec, spotifyId: base.artistByName(spec.name)?.id ?? spec.spotifyId },
  );
  const world = createConcertWorld({ ...options.world, artists });
  const extraArtists: ExtraArtistSpec[] = world.artists
    .filter((a) => a.spotifyId !== null && !base.artist(a.spotifyId))
    .map((a) => ({ id: a.spotifyId!, name: a.name, genres: spotifyGenres(a.genre) }));
  return {
    world,
    spotifySeed,
    catalog: {
      ...(options.generatedArtists ? { generatedArtists: options.generatedArtists } : {}),
      extraArtists,
    },
  };
}
