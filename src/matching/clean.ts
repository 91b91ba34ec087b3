/**
 * Turning a billing ("Muse: Will of the People World Tour", "Fisher b2b Chris Lake",
 * "Tribute to Led Zeppelin") into the performer names worth searching for.
 */

export interface CleanedPerformer {
  original: string;
  /**
   * The same performer written in another script, when the billing gives both
   * ("방탄소년단(BTS)" → "BTS"): tried only when the billed name finds nobody.
   */
  alternate: string | null;
  /** A tribute or cover act: it is not the artist it names, so it is never matched. */
  tribute: boolean;
  /** The billing without tour name, set notes ("(DJ Set)") or "An Evening with"; not split. */
  whole: string;
  /**
   * Co-bill parts in billing order, split on every separator; `[whole]` for a single
   * performer. Some separators also occur inside names ("Earth, Wind & Fire", "AC/DC"):
   * `decideBilled` therefore tries the unsplit text first (see `splitLoose`).
   */
  names: string[];
}

/**
 * Phrases that mark a tribute or cover act. "Experience" alone is not one of them:
 * "The Jimi Hendrix Experience" is the band itself. Only "Ultimate … Experience", the
 * usual tribute-show formula, is flagged.
 */
const TRIBUTE_PATTERNS: readonly RegExp[] = [
  /\btribute\b/,
  /\bsalute to\b/,
  /\bthe music of\b/,
  /\bthe songs of\b/,
  /\bthe best of\b/,
  /\ba celebration of\b/,
  /\bin the style of\b/,
  /\bcovers? band\b/,
  /\bultimate\b.*\bexperience\b/,
];

/** "KCRW presents: Khruangbin" — the presenter is a promoter, not a performer. */
const PRESENTED_BY = /^.+?\s+presents:?\s+(.+)$/iu;
/** "An Evening with …", and its Russian listing form "Концерт группы …" ("concert of the band"). */
const EVENING_WITH =
  /^(?:(?:an?\s+)?(?:intimate\s+)?evening\s+with|концерт(?:\s+(?:группы|певицы|певца))?)\s+/iu;
/** A tour or show title after ": " or " - " ("Muse: Will of the People World Tour"). */
const TITLE_SEPARATOR = /\s*:\s+|\s+[-–—]\s+/u;
/**
 * "(DJ Set)", "(Live)", "(18+)", "[SOLD OUT]" at the end, and the title brackets of other
 * scripts: Japanese 「電光石火」 and 『…』, 【…】, Russian «…». Leading ones ("(Sandy) Alex G")
 * are names.
 */
const TRAILING_BRACKETS =
  /\s*(?:[([{（][^()[\]{}（）]*[)\]}）]|「[^「」]*」|『[^『』]*』|【[^【】]*】|«[^«»]*»)\s*$/u;
/** A bracket holding the same name in another script: "방탄소년단(BTS)", "IU(아이유)". */
const TRAILING_ROUND_BRACKET = /^(.+?)\s*[(（]([^()（）]+)[)）]\s*$/u;
const TRAILING_WORDS = /\s+(?:(?:and|&|\+)\s+friends|live in concert|in concert|live)$/iu;

/** Separators that only ever join different performers. */
const STRONG_SEPARATOR = /\s+(?:feat\.?|ft\.?|featuring|b2b|b3b)\s+/iu;
/** Separators that join performers but also appear inside names. */
const WEAK_SEPARATOR = /\s+(?:with|w\/|x|×|vs\.?)\s+|\s*[/,;]\s*/iu;
const GUEST_PREFIX = /^(?:(?:with\s+)?special\s+guests?:?|(?:and|&)\s+)\s*/iu;
const AMPERSAND_SEPARATOR = /\s+(?:&|and|\+)\s+/iu;

function tidy(text: string): string {
  return text.replace(/\s+/gu, ' ').trim();
}

/** True when the billing names a tribute or cover act. */
export function isTribute(billed: string): boolean {
  const text = billed.normalize('NFKC').toLowerCase();
  return TRIBUTE_PATTERNS.some((pattern) => pattern.test(text));
}

/** Strips what surrounds a performer's name; each rule keeps the text when it would empty it. */
function stripBilling(billed: string): string {
  let text = tidy(billed);
  text = text.replace(PRESENTED_BY, '$1');
  text = text.replace(EVENING_WITH, '') || text;
  const beforeTitle = tidy(text.split(TITLE_SEPARATOR)[0] ?? '');
  if (beforeTitle !== '') text = beforeTitle;
  for (let previous = ''; previous !== text;) {
    previous = text;
    text = tidy(text.replace(TRAILING_BRACKETS, '')) || previous;
    text = tidy(text.replace(TRAILING_WORDS, '')) || previous;
  }
  return text;
}

function splitOn(text: string, separator: RegExp): string[] {
  const global = new RegExp(separator.source, `${separator.flags}g`);
  return text
    .split(global)
    .map((part) => tidy(part.replace(GUEST_PREFIX, '')))
    .filter((part) => part !== '');
}

/** Splits on `feat.`, `ft.`, `featuring`, `b2b`: separators never found inside a name. */
export function splitFirm(text: string): string[] {
  const parts = splitOn(text, STRONG_SEPARATOR);
  return parts.length > 0 ? parts : [text];
}

/**
 * Splits on `with`, `w/`, ` x `, `vs`, `/`, `,`, `;`: separators that usually join
 * performers but also occur inside names ("Tyler, The Creator", "AC/DC"), so callers try
 * the unsplit text first.
 */
export function splitLoose(text: string): string[] {
  const parts = splitOn(text, WEAK_SEPARATOR);
  return parts.length > 0 ? parts : [text];
}

/** Scripts told apart for alternate names; Japanese mixes kanji and kana, so they count as one. */
const SCRIPTS: readonly [string, RegExp][] = [
  ['latin', /\p{Script=Latin}/u],
  ['cyrillic', /\p{Script=Cyrillic}/u],
  ['greek', /\p{Script=Greek}/u],
  ['hangul', /\p{Script=Hangul}/u],
  ['cjk', /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u],
];

/** The script a name is written in, by its first letter: "latin", "hangul", "cjk", … */
function scriptOf(text: string): string | null {
  const letter = /\p{L}/u.exec(text)?.[0];
  if (!letter) return null;
  return SCRIPTS.find(([, pattern]) => pattern.test(letter))?.[0] ?? 'other';
}

/** "방탄소년단(BTS)" → "BTS": a trailing bracket in another script than the name before it. */
function alternateScriptName(billed: string): string | null {
  const match = TRAILING_ROUND_BRACKET.exec(tidy(billed));
  if (!match) return null;
  const [, before = '', inside = ''] = match;
  const outer = scriptOf(before);
  const inner = scriptOf(inside);
  return outer && inner && outer !== inner ? tidy(inside) : null;
}

/** Cleans a billing and splits its co-bills. Tribute detection looks at the whole original. */
export function cleanPerformer(billed: string): CleanedPerformer {
  const whole = stripBilling(billed);
  return {
    original: billed,
    alternate: alternateScriptName(billed),
    tribute: isTribute(billed),
    whole,
    names: splitFirm(whole).flatMap(splitLoose),
  };
}

/**
 * "Bruce Springsteen & The E Street Band" → ["Bruce Springsteen", "The E Street Band"].
 * Only a fallback: "&" and "and" are part of many names ("Simon & Garfunkel",
 * "Florence and the Machine"), so the whole name must have been tried first.
 * Returns `[name]` when there is nothing to split.
 */
export function ampersandSplit(name: string): string[] {
  const parts = splitOn(name, AMPERSAND_SEPARATOR);
  return parts.length > 1 ? parts : [name];
}

/** Before a tribute subtitle's comma: "Erasmith, performing the music of Aerosmith". */
const TRIBUTE_COMMA =
  /,\s+(?=(?:an?\s+|the\s+)?(?:\p{L}+\s+)?(?:tribute|salute|performing|playing|celebrating)\b)/iu;

/**
 * The tribute act's own name, when the billing gives one beside its subtitle:
 * "Led Zepagain - A Tribute to Led Zeppelin", "AC/DC Tribute: Back in Black",
 * "Erasmith: The Ultimate Tribute to Aerosmith", "The Fab Four: The Ultimate Tribute".
 * Null for a billing that is only a subtitle ("Tribute to Led Zeppelin") or not a tribute.
 * The act is itself an artist (often with a Spotify page); the artist it covers is not.
 */
export function tributeActName(billed: string): string | null {
  if (!isTribute(billed)) return null;
  const parts = tidy(billed)
    .replace(TRIBUTE_COMMA, ' - ')
    .split(TITLE_SEPARATOR)
    .map(tidy)
    .filter((part) => part !== '');
  const own = parts.filter((part) => !isTribute(part));
  // Only a subtitle that says "tribute" lends its lead as the act's name. "Salute to",
  // "The Ultimate … Experience" and "the music of" are show formulas whose lead is
  // usually a song title ("Hotel California - A Salute to the Eagles"), not an act.
  const saysTribute = parts.some((part) => /\btribute\b/iu.test(part));
  return parts.length > 1 && own.length === 1 && saysTribute ? (own[0] ?? null) : null;
}
