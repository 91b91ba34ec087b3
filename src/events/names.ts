/**
 * Loose comparison keys for names that two sources spell differently: case, accents,
 * "&" vs "and", a leading "The", punctuation, "Theatre" vs "Theater". Used to recognise
 * the same show on two sources — not to match performers to Spotify (that is src/matching).
 */

export function comparableName(name: string): string {
  const folded = name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .replace(/^the\s+/, '');
  // A name made only of punctuation ("!!!") would fold to nothing: compare it as written.
  return folded || name.trim().toLowerCase();
}

const VENUE_SPELLINGS: Array<[RegExp, string]> = [
  [/\btheatre\b/g, 'theater'],
  [/\bcentre\b/g, 'center'],
  [/\bamphitheatre\b/g, 'amphitheater'],
  [/\bst\b/g, 'saint'],
  [/\bmt\b/g, 'mount'],
  [/\bthe\b/g, ''],
];

/** "The Town Ballroom - Buffalo" and "Town Ballroom" compare equal when the city is Buffalo. */
export function comparableVenueName(name: string, city: string | null): string {
  let key = comparableName(name);
  for (const [pattern, replacement] of VENUE_SPELLINGS) key = key.replace(pattern, replacement);
  key = key.replace(/\s+/g, ' ').trim();
  const cityKey = city ? comparableName(city) : '';
  if (cityKey && key.endsWith(` ${cityKey}`) && key.length > cityKey.length + 1)
    key = key.slice(0, -cityKey.length - 1);
  return key;
}

/** Great-circle distance in kilometres. */
export function distanceKm(aLat: number, aLon: number, bLat: number, bLon: number): number {
  const rad = Math.PI / 180;
  const dLat = (bLat - aLat) * rad;
  const dLon = (bLon - aLon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(aLat * rad) * Math.cos(bLat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(h)));
}
