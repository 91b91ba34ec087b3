/**
 * "Killers" is not "The Killers": the matcher drops a leading "the" when it compares
 * names, which is right for "Band, The" / "The Band" but wrong when both acts exist. The
 * event source settles it when it links the other spelling: if Ticketmaster bills
 * "The Velvet Satellites" with a link to Spotify's "The Velvet Satellites", an unlinked
 * billing "Velvet Satellites" is a different act (a source names and links one act the
 * same way everywhere). Only the leading-"the" difference is treated so: accents, case
 * and stylised spellings ("Beyonce", "P!nk") still match the linked artist.
 *
 * Without a link, such a match (equal only once "The" is dropped) is still weak, so it
 * also yields to contrary evidence: when the show's genre and the artist's genres are both
 * known and share nothing, it is left unmatched. Literal matches never are.
 */
import { type Candidate, genresOverlap, type PerformerMatch } from '../matching/index.ts';

/** Case-, accent- and punctuation-folded, but keeping a leading "the". */
export function fold(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function differByLeadingThe(a: string, b: string): boolean {
  return a !== b && (a === `the ${b}` || b === `the ${a}`);
}

/** artist id → folded billing names that the source links to it. */
export type LinkClaims = Map<string, Set<string>>;

export function addClaim(claims: LinkClaims, artistId: string, billedName: string): void {
  const set = claims.get(artistId) ?? new Set<string>();
  set.add(fold(billedName));
  claims.set(artistId, set);
}

/** Turns a name-only acceptance of an artist that the source links to a "The"-twin into unmatched. */
export function rejectClaimedTwins(matches: PerformerMatch[], claims: LinkClaims): PerformerMatch[] {
  return matches.map((match) => {
    const d = match.decision;
    if (d.artistId === null || (d.method !== 'exact' && d.method !== 'fuzzy')) return match;
    const claimants = claims.get(d.artistId);
    const artist = fold(d.artistName ?? '');
    const own = fold(match.name);
    if (!claimants?.has(artist) || !differByLeadingThe(own, artist)) return match;
    const reason = `"${match.name}" equals "${d.artistName}" only without "The", and the event source links "${d.artistName}" as an act of its own: a different act, left unmatched.`;
    return unmatch(match, reason);
  });
}

function unmatch(match: PerformerMatch, reason: string): PerformerMatch {
  const d = match.decision;
  return {
    ...match,
    decision: {
      ...d,
      artistId: null,
      artistName: null,
      method: 'none',
      runnerUp: d.artistId ? { id: d.artistId, name: d.artistName ?? '', score: d.score } : d.runnerUp,
      reason,
    },
  };
}

/** A "The"-twin match whose genres contradict the show's genre is left unmatched. */
export function rejectGenreClashingTwins(
  matches: PerformerMatch[],
  sourceGenre: string | null,
  candidates: ReadonlyMap<string, readonly Candidate[]>,
): PerformerMatch[] {
  if (!sourceGenre) return matches;
  return matches.map((match) => {
    const d = match.decision;
    if (d.artistId === null || (d.method !== 'exact' && d.method !== 'fuzzy')) return match;
    if (!differByLeadingThe(fold(match.name), fold(d.artistName ?? ''))) return match;
    const genres = [...candidates.values()].flat().find((c) => c.id === d.artistId)?.genres ?? [];
    if (genres.length === 0 || genresOverlap(sourceGenre, genres)) return match;
    return unmatch(
      match,
      `"${match.name}" equals "${d.artistName}" only without "The", and its genres (${genres.join(', ')}) do not fit the show's (${sourceGenre}): probably a different act, left unmatched.`,
    );
  });
}
