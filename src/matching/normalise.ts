import { aliasKey, lookupAlias } from './aliases.ts';

/**
 * Letters that Unicode does not decompose into a base letter plus a mark, so stripping
 * marks alone would leave "MØ" and "Mo", or "Ærosmith" and "Aerosmith", apart.
 */
const LETTER_FOLDS: ReadonlyMap<string, string> = new Map([
  ['ø', 'o'],
  ['æ', 'ae'],
  ['œ', 'oe'],
  ['ß', 'ss'],
  ['ð', 'd'],
  ['þ', 'th'],
  ['ł', 'l'],
  ['đ', 'd'],
  ['ı', 'i'],
  ['ς', 'σ'],
]);
const FOLDABLE_LETTER = /[øæœßðþłđıς]/gu;

/**
 * Marks are stripped only after Latin, Greek and Cyrillic letters ("é" → "e", "й" → "и").
 * In Devanagari, Thai or Hangul the "marks" are vowels and the jamo of a syllable:
 * stripping them would make different names equal.
 */
const ACCENT_AFTER_ALPHABETIC = /([\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}])\p{M}+/gu;

/**
 * Apostrophes join a word ("Destiny's" = "Destinys"); other punctuation separates.
 * Marks left at this point belong to other scripts (vowel signs), so they are kept.
 */
const APOSTROPHES = /['’‘`´ʼ]/gu;
const NOT_LETTER_OR_DIGIT = /[^\p{L}\p{M}\p{N}]+/gu;

function foldAccents(text: string): string {
  return text.normalize('NFKD').replace(ACCENT_AFTER_ALPHABETIC, '$1').normalize('NFC');
}

function foldCase(text: string): string {
  return text.toLowerCase().replace(FOLDABLE_LETTER, (letter) => LETTER_FOLDS.get(letter) ?? letter);
}

/** "$" inside a word stands for "s" ("Ke$ha", "A$AP", "Ty Dolla $ign"). */
function spellDollarAsS(text: string): string {
  return text.replace(/\$(?=\p{L})|(?<=\p{L})\$/gu, 's');
}

/** "R.E.M." and "REM", "T.I." and "TI" become one token: join runs of single characters. */
function joinInitials(tokens: string[]): string[] {
  const joined: string[] = [];
  let run = '';
  const flush = () => {
    if (run !== '') joined.push(run);
    run = '';
  };
  for (const token of tokens) {
    if (/^[a-z0-9]$/u.test(token)) {
      run += token;
    } else {
      flush();
      joined.push(token);
    }
  }
  flush();
  return joined;
}

/**
 * The comparison form of an artist name: NFKD with accents stripped, case-folded,
 * "&"/"+" → "and", apostrophes dropped, other punctuation and spaces collapsed to one
 * space, initials joined, a leading "the" dropped, and stylised names spelled out.
 *
 * Names in non-Latin scripts keep their (folded) letters. A name made only of
 * punctuation and not in the alias table becomes "" — and "" never matches anything.
 */
export function normaliseName(name: string): string {
  const source = lookupAlias(name) ?? name;
  const folded = spellDollarAsS(foldCase(foldAccents(source)))
    .replace(/[&+]/gu, ' and ')
    .replace(APOSTROPHES, '')
    .replace(NOT_LETTER_OR_DIGIT, ' ')
    .trim();
  if (!/[\p{L}\p{N}]/u.test(folded)) return '';
  const tokens = joinInitials(folded.split(' ')).map((token, index, all) =>
    // "Guns N' Roses" = "Guns and Roses", "Salt-N-Pepa" = "Salt and Pepa": a lone "n" between words is "and".
    token === 'n' && index > 0 && index < all.length - 1 ? 'and' : token,
  );
  if (tokens.length > 1 && tokens[0] === 'the') tokens.shift();
  return tokens.join(' ');
}

/** A normalised name without its spaces: "ac dc" → "acdc". Spaces in names are punctuation. */
export function compactName(normalised: string): string {
  return normalised.replace(/ /gu, '');
}

/**
 * The key a match decision is stored under. Deliberately simpler than `normaliseName`
 * and frozen: manual overrides are keyed by it, so improving the normaliser must not
 * orphan them. Never empty for a non-blank name ("!!!" keys as "!!!").
 */
export function performerKey(name: string): string {
  return aliasKey(name);
}
