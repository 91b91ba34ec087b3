import { normaliseName } from '../matching/normalise.ts';
import type { Track } from '../spotify/schemas.ts';

/**
 * The strict matcher for plays known only by names: a search result is accepted only when
 * its title and one of its artists are *equal* to the play's after normalisation
 * (accents, case, punctuation, "&"/"and"). Several equal results are one answer only when
 * they are the same recording (one ISRC: a single and its album); otherwise it is
 * ambiguous and nothing is guessed.
 */
export type StrictVerdict =
  { kind: 'match'; track: Track } | { kind: 'none' } | { kind: 'ambiguous'; candidates: number };

export function strictTrackMatch(results: Track[], trackName: string, artistName: string): StrictVerdict {
  const title = normaliseName(trackName);
  const artist = normaliseName(artistName);
  if (!title || !artist) return { kind: 'none' };
  const equal = results.filter(
    (t) =>
      t.id !== null &&
      normaliseName(t.name) === title &&
      t.artists.some((a) => normaliseName(a.name) === artist),
  );
  const first = equal[0];
  if (!first) return { kind: 'none' };
  const ids = new Set(equal.map((t) => t.id));
  if (ids.size === 1) return { kind: 'match', track: first };
  const isrcs = new Set(equal.map((t) => t.external_ids?.isrc?.toUpperCase() ?? `no-isrc:${t.id}`));
  return isrcs.size === 1 ? { kind: 'match', track: first } : { kind: 'ambiguous', candidates: ids.size };
}

/** Spotify's field filters take quoted phrases; a double quote inside a name cannot be escaped. */
export function trackSearchQuery(trackName: string, artistName: string): string {
  const clean = (s: string) => s.replace(/"/g, ' ').replace(/\s+/g, ' ').trim();
  return `track:"${clean(trackName)}" artist:"${clean(artistName)}"`;
}
