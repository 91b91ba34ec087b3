/**
 * The setlists the setlist.fm simulator serves, generated per artist of the concert
 * world and stable for a seed. Songs are the artist's tracks in the Spotify simulator's
 * catalog (favourites more often), with what real setlists have: empty stubs for shows
 * nobody has filled in yet, a walk-on song played from tape (`tape: true`, one of the
 * artist's own lesser tracks, so a ranking that kept it would rank it first), encores,
 * and now and then a cover.
 */
import type { WorldArtist } from '../concerts/world.ts';
import { hashString, type Random, seededRandom } from '../concerts/random.ts';
import type { Catalog } from '../spotify/catalog.ts';

export interface SimSong {
  name: string;
  tape?: boolean;
  cover?: { mbid: string; name: string };
  info?: string;
}

export interface SimSet {
  name?: string;
  encore?: number;
  song: SimSong[];
}

export interface SimSetlist {
  id: string;
  versionId: string;
  eventDate: string;
  lastUpdated: string;
  artist: { mbid: string; name: string; sortName: string; url: string };
  venue: {
    id: string;
    name: string;
    city: { id: string; name: string; country: { code: string; name: string } };
  };
  tour?: { name: string };
  sets: { set: SimSet[] };
  url: string;
}

const CITIES = ['Chicago', 'Denver', 'Austin', 'Portland', 'Nashville', 'Boston', 'Toronto', 'Atlanta'];
const VENUES = [
  'The Fillmore',
  'House of Blues',
  'The Ryman',
  'Paradise Rock Club',
  'Red Rocks',
  'The Anthem',
];

/** Invented titles for artists the Spotify catalog does not have. */
const WORDS = ['Night', 'River', 'Fire', 'Glass', 'Home', 'Gold', 'Ghost', 'Summer', 'Wire', 'Echo'];

function songPool(artist: WorldArtist, catalog: Catalog | undefined, random: Random): string[] {
  const tracks = artist.spotifyId && catalog ? catalog.tracksByArtist(artist.spotifyId) : [];
  // Only the artist's own tracks, one title each (a live version is the same song).
  const names = [...new Set(tracks.filter((t) => t.artistIds[0] === artist.spotifyId).map((t) => t.name))];
  if (names.length > 0) return names;
  return Array.from({ length: 8 }, () => `${random.pick(WORDS)} ${random.pick(WORDS)}`);
}

function date(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(d.getUTCDate())}-${pad(d.getUTCMonth() + 1)}-${d.getUTCFullYear()}`;
}

/** Picks `count` songs, favourites (the front of the pool) far more often. */
function pickSongs(pool: string[], count: number, random: Random): string[] {
  const chosen = new Set<string>();
  for (let tries = 0; chosen.size < Math.min(count, pool.length) && tries < 200; tries++) {
    const index = Math.floor(pool.length * random.next() ** 2.2);
    chosen.add(pool[index]!);
  }
  return [...chosen];
}

export function setlistsFor(
  artist: WorldArtist,
  mbid: string,
  catalog: Catalog | undefined,
  nowMs: number,
): SimSetlist[] {
  const random = seededRandom(hashString(`setlists:${artist.name}`));
  const count = random.chance(0.1) ? 0 : random.int(3, 30);
  const pool = songPool(artist, catalog, random);
  // The walk-on tape is one of the artist's own lesser songs, played before every show.
  const tapeSong = pool.length > 3 ? pool[pool.length - 1]! : null;
  const out: SimSetlist[] = [];
  for (let i = 0; i < count; i++) {
    const when = nowMs - (i * 4 + random.int(1, 3)) * 86_400_000;
    const stub = i < 2 ? random.chance(0.6) : random.chance(0.2);
    const sets: SimSet[] = [];
    if (!stub) {
      const songs = pickSongs(tapeSong ? pool.slice(0, -1) : pool, random.int(6, 14), random);
      const main: SimSong[] = songs.slice(0, -2).map((name) => ({ name }));
      if (tapeSong) main.unshift({ name: tapeSong, tape: true, info: 'walk-on' });
      if (random.chance(0.2))
        main.push({ name: 'Heroes', cover: { mbid: 'cover-mbid', name: 'David Bowie' } });
      sets.push({ song: main }, { encore: 1, song: songs.slice(-2).map((name) => ({ name })) });
    }
    const city = random.pick(CITIES);
    const id = `${random.chars(8, '0123456789abcdef')}`;
    out.push({
      id,
      versionId: `v${id}`,
      eventDate: date(when),
      lastUpdated: new Date(when + 86_400_000).toISOString(),
      artist: {
        mbid,
        name: artist.name,
        sortName: artist.name,
        url: `https://www.setlist.fm/setlists/${mbid}.html`,
      },
      venue: {
        id: random.chars(8, '0123456789abcdef'),
        name: random.pick(VENUES),
        city: {
          id: String(random.int(1000, 9999)),
          name: city,
          country: { code: 'US', name: 'United States' },
        },
      },
      ...(random.chance(0.5) ? { tour: { name: `${artist.name} Tour` } } : {}),
      sets: { set: sets },
      url: `https://www.setlist.fm/setlist/${id}.html`,
    });
  }
  return out;
}
