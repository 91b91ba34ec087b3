/**
 * The built-in performers of the simulated concert world, chosen for the cases a matcher
 * gets wrong: tribute acts, co-bills in one attraction, tour names as attraction names,
 * "The Band" next to "The Band Perry", diacritics, punctuation-only and one-letter names,
 * Cyrillic, and band names that contain "&" or "," without being co-bills. The lead
 * replaces this list with the Spotify simulator's catalog for end-to-end runs.
 */
import { hashString, seededRandom } from './random.ts';

export interface ArtistSpec {
  name: string;
  /** The artist's Spotify id; null when the billed name is not one Spotify artist (tributes, co-bills, tours). */
  spotifyId?: string | null;
  mbid?: string | null;
  genre?: string;
}

/** [name, genre, has a Spotify artist of its own] */
const BUILT_IN: Array<[string, string, boolean]> = [
  ['Muse', 'Rock', true],
  ['Muse: Will of the People Tour', 'Rock', false],
  ['The Band', 'Rock', true],
  ['The Band Perry', 'Country', true],
  ['Beyoncé', 'R&B', true],
  ['P!nk', 'Pop', true],
  ['!!!', 'Dance/Electronic', true],
  ['Мумий Тролль', 'Rock', true],
  ['Sigur Rós', 'Alternative', true],
  ['Björk', 'Alternative', true],
  ['MØ', 'Pop', true],
  ['Zoso - The Ultimate Led Zeppelin Experience', 'Rock', false],
  ['Tribute to Led Zeppelin', 'Rock', false],
  ['Led Zeppelin', 'Rock', true],
  ['The Fab Four - The Ultimate Beatles Tribute', 'Rock', false],
  ['Dark Star Orchestra', 'Rock', true],
  ['Khruangbin & Leon Bridges', 'R&B', false],
  ['Khruangbin', 'Alternative', true],
  ['Leon Bridges', 'R&B', true],
  ['Bonnie Raitt with Lyle Lovett', 'Country', false],
  ['Bonnie Raitt', 'Blues', true],
  ['Lyle Lovett', 'Country', true],
  ['Phoebe Bridgers', 'Alternative', true],
  ['Julien Baker', 'Alternative', true],
  ['boygenius', 'Alternative', true],
  ['Mitski', 'Alternative', true],
  ['Japanese Breakfast', 'Alternative', true],
  ['Bon Iver', 'Alternative', true],
  ['The National', 'Alternative', true],
  ['Big Thief', 'Folk', true],
  ['Alvvays', 'Alternative', true],
  ['Wilco', 'Rock', true],
  ['Spoon', 'Rock', true],
  ['Vampire Weekend', 'Alternative', true],
  ['Fleet Foxes', 'Folk', true],
  ['Hozier', 'Alternative', true],
  ['Lizzo', 'Pop', true],
  ['Janelle Monáe', 'R&B', true],
  ['Run the Jewels', 'Hip-Hop/Rap', true],
  ['Kendrick Lamar', 'Hip-Hop/Rap', true],
  ['Tyler, The Creator', 'Hip-Hop/Rap', true],
  ['Earth, Wind & Fire', 'R&B', true],
  ['Simon & Garfunkel', 'Folk', true],
  ['Hall & Oates', 'Pop', true],
  ['Mumford & Sons', 'Folk', true],
  ['Florence + The Machine', 'Alternative', true],
  ['Of Monsters and Men', 'Alternative', true],
  ['CHVRCHES', 'Dance/Electronic', true],
  ['X', 'Punk', true],
  ['Low', 'Alternative', true],
  ['Yes', 'Rock', true],
  ['KISS', 'Rock', true],
  ['Caamp', 'Folk', true],
  ['Goose', 'Rock', true],
  ['Billy Strings', 'Country', true],
  ['Molly Tuttle & Golden Highway', 'Country', true],
  ['Tedeschi Trucks Band', 'Blues', true],
  ['Los Lobos', 'Latin', true],
  ['Café Tacvba', 'Latin', true],
  ['Natalia Lafourcade', 'Latin', true],
  ['Bad Bunny', 'Latin', true],
  ['Rosalía', 'Latin', true],
];

/** A made-up but well-formed Spotify id (22 base62 characters), stable for a name. */
export function fakeSpotifyId(name: string): string {
  return seededRandom(hashString(`spotify:${name}`)).chars(22);
}

/** A made-up but well-formed MusicBrainz id, stable for a name. */
export function fakeMbid(name: string): string {
  const hex = seededRandom(hashString(`mbid:${name}`)).chars(32, '0123456789abcdef');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export const DEFAULT_ARTISTS: readonly ArtistSpec[] = BUILT_IN.map(([name, genre, real], i) => ({
  name,
  genre,
  spotifyId: real ? fakeSpotifyId(name) : null,
  // About two in three real artists are known to MusicBrainz in the simulated world.
  mbid: real && i % 3 !== 2 ? fakeMbid(name) : null,
}));

const FIRST = [
  'Velvet',
  'Paper',
  'Silver',
  'Neon',
  'Hollow',
  'Golden',
  'Quiet',
  'Electric',
  'Wild',
  'Lunar',
  'Copper',
  'Midnight',
  'Static',
  'Crimson',
  'Glass',
  'Northern',
  'Desert',
  'Ocean',
  'Iron',
  'Secret',
];
const SECOND = [
  'Harbor',
  'Lanterns',
  'Wolves',
  'Parade',
  'Signals',
  'Orchard',
  'Machines',
  'Rivers',
  'Tigers',
  'Saints',
  'Echoes',
  'Satellites',
  'Pines',
  'Horses',
  'Ghosts',
  'Engines',
  'Canyons',
  'Daughters',
  'Mirrors',
  'Comets',
];
const GENRES = [
  'Rock',
  'Alternative',
  'Pop',
  'Folk',
  'Country',
  'Hip-Hop/Rap',
  'R&B',
  'Dance/Electronic',
  'Metal',
  'Jazz',
];

const PEOPLE = [
  'Maya',
  'Jonah',
  'Lucia',
  'Theo',
  'Nina',
  'Oscar',
  'Ruby',
  'Felix',
  'Ada',
  'Marcus',
  'Iris',
  'Hugo',
  'June',
  'Elias',
  'Vera',
  'Milo',
  'Sofia',
  'Abel',
  'Cleo',
  'Nico',
];

/** Every invented name the patterns allow, in a seeded order: "Velvet Harbor", "The Paper Lanterns", "Maya & the Comets", "DJ Neon". */
function inventedNames(seed: number): string[] {
  const names: string[] = [];
  for (const a of FIRST) for (const b of SECOND) names.push(`${a} ${b}`, `The ${a} ${b}`);
  for (const p of PEOPLE) for (const b of SECOND) names.push(`${p} & the ${b}`);
  for (const a of FIRST) for (const b of SECOND) names.push(`${a} ${b} Collective`);
  for (const a of FIRST) names.push(`DJ ${a}`);
  return seededRandom(seed).shuffle(names);
}

/** `count` more invented artists, none clashing with `taken`; most with a Spotify id. */
export function inventArtists(count: number, taken: Set<string>, seed: number): ArtistSpec[] {
  const random = seededRandom(seed + 1);
  const pool = inventedNames(seed).filter((name) => !taken.has(name));
  const out: ArtistSpec[] = [];
  for (let n = 0; out.length < count; n++) {
    // Past the 1,620 pattern names, numbered variants keep names unique for any size.
    const name = n < pool.length ? pool[n]! : `${pool[n % pool.length]} ${Math.floor(n / pool.length) + 1}`;
    if (taken.has(name)) continue;
    taken.add(name);
    out.push({
      name,
      genre: random.pick(GENRES),
      spotifyId: random.chance(0.9) ? fakeSpotifyId(name) : null,
      mbid: random.chance(0.5) ? fakeMbid(name) : null,
    });
  }
  return out;
}
