import { normaliseName } from './normalise.ts';

/**
 * Event sources classify coarsely ("Dance/Electronic", "Hip-Hop/Rap") while Spotify's
 * artist genres are fine-grained ("tech house", "trap"). Both sides are reduced to word
 * families so that the two vocabularies can meet. Deliberately small: a genre overlap
 * only ever breaks a tie, it never makes or vetoes a match on its own.
 */
const WORD_FAMILIES: ReadonlyMap<string, string> = new Map([
  ...familyOf('electronic', ['electronic', 'electronica', 'electro', 'edm', 'dance', 'house', 'techno']),
  ...familyOf('electronic', ['trance', 'dubstep', 'dnb', 'garage', 'bass']),
  ...familyOf('hiphop', ['hip', 'hop', 'rap', 'trap', 'drill']),
  ...familyOf('rock', ['rock', 'punk', 'grunge', 'alternative', 'emo', 'shoegaze']),
  ...familyOf('metal', ['metal', 'metalcore', 'deathcore', 'djent']),
  ...familyOf('country', ['country', 'americana', 'bluegrass']),
  ...familyOf('rnb', ['rnb', 'soul', 'funk']),
  ...familyOf('latin', ['latin', 'reggaeton', 'urbano', 'latino', 'corridos', 'mexicana']),
  ...familyOf('classical', ['classical', 'orchestra', 'symphony', 'opera']),
]);

/** Words that say nothing about a style ("Other", "Undefined", "music"). */
const MEANINGLESS = new Set([
  'and',
  'music',
  'other',
  'undefined',
  'misc',
  'miscellaneous',
  'various',
  'new',
]);

function familyOf(family: string, words: readonly string[]): [string, string][] {
  return words.map((word) => [word, family]);
}

/** The style words of a genre label: "R&B" → {rnb}, "Hip-Hop/Rap" → {hiphop}. */
export function genreWords(label: string): Set<string> {
  const spelled = normaliseName(label.replace(/r\s*&\s*b|r\s*n\s*b/giu, 'rnb'));
  const words = new Set<string>();
  for (const word of spelled.split(' ')) {
    if (word === '' || MEANINGLESS.has(word)) continue;
    words.add(WORD_FAMILIES.get(word) ?? word);
  }
  return words;
}

/** True when the event's genre and one of the artist's genres share a style word. */
export function genresOverlap(
  sourceGenre: string | null | undefined,
  artistGenres: readonly string[] = [],
): boolean {
  if (!sourceGenre) return false;
  const wanted = genreWords(sourceGenre);
  if (wanted.size === 0) return false;
  return artistGenres.some((genre) => [...genreWords(genre)].some((word) => wanted.has(word)));
}
