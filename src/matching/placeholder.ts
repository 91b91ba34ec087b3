/**
 * Billings that name no performer: "TBA", "Special Guests", "Doors 7pm", "DJ Set",
 * "Comedy Night with …". Spotify has artists called "TBA", "Special Guest" and "DJ Set",
 * so an exact-name rule would happily match them; these are recognised first and stay
 * unmatched whatever the search returns.
 */

/** The whole (cleaned) name is a placeholder. Matched against a lower-case, punctuation-free form. */
const PLACEHOLDER_NAMES: readonly RegExp[] = [
  // "TBA", "Headliner TBA", "Support: TBC", "More artists to be announced"
  /^(?:[\p{L}\p{N} ]+ )?(?:tba|tbc|tbd|to be (?:announced|confirmed|determined))$/u,
  /^(?:(?:and|with|plus) )?(?:very )?special guests?(?: (?:tba|tbc))?$/u,
  // "Doors", "Doors open 7:00 pm", "Doors 7pm" — but not "The Doors" (a band)
  /^doors(?: open(?:ing)?)?(?: (?:at|from))?(?: [0-9].*)?$/u,
  /^(?:dj|djs|dj set|djs all night|resident djs?|guest djs?|live dj)$/u,
  /^(?:open mic|open mike|karaoke|trivia|quiz|jam session|open jam)(?: night)?$/u,
  /^(?:various artists|lineup|line up|headliner|support act|opening act)$/u,
];

/**
 * Words that make the whole billing an event rather than a performer, wherever they
 * appear: "Bar 242 Comedy Night with Tim Vine", "Haley Hendrickson Memorial Open-Mic".
 * The comedian may well have a Spotify page of clips; a comedy night is not music for a
 * playlist, so the billing stays unmatched.
 */
const EVENT_WORDS =
  /\b(?:comedy (?:night|show|hour|club|showcase)|stand up comedy|open mic|open mike|karaoke night|trivia night)\b/u;

/** Lower case, punctuation and extra spaces dropped: "Doors: 7:00 PM" → "doors 7 00 pm". */
function plain(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** True when the billing (or a co-bill part) names no performer at all. */
export function isPlaceholder(billed: string): boolean {
  const text = plain(billed);
  if (text === '') return false;
  return EVENT_WORDS.test(text) || PLACEHOLDER_NAMES.some((pattern) => pattern.test(text));
}
