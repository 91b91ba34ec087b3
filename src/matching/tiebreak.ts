import { genresOverlap } from './genres.ts';
import type { Candidate, KnownArtists } from './types.ts';

export interface Contender {
  candidate: Candidate;
  /** 0..100, equal-after-normalising = 100. */
  score: number;
}

export interface TieEvidence {
  sourceGenre?: string | null;
  knownArtistIds?: KnownArtists;
  /** The performer as billed, for the spelling tie-break. */
  performer: string;
}

export interface TieBreak<T extends Contender> {
  winner: T;
  /** Why this one won, e.g. "in your listening (120 plays)". */
  because: string;
}

function playsOf(known: KnownArtists | undefined, artistId: string): number {
  if (!known) return 0;
  if (known instanceof Map) return known.get(artistId) ?? 0;
  return known.has(artistId) ? 1 : 0;
}

/** Punctuation-insensitive but otherwise literal: keeps accents, "the", "ø". */
function literalSpelling(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, ' ')
    .trim();
}

type Step<T extends Contender> = (pool: T[]) => { chosen: T[]; because: (winner: T) => string };

function byListening<T extends Contender>(evidence: TieEvidence): Step<T> {
  return (pool) => {
    const known = pool
      .map((entry) => ({ entry, plays: playsOf(evidence.knownArtistIds, entry.candidate.id) }))
      .filter(({ plays }) => plays > 0)
      .sort((a, b) => b.plays - a.plays);
    const [top, second] = known;
    // With play counts, the clearly most-played known artist wins among several known ones.
    const chosen =
      top && (!second || top.plays > second.plays) ? [top.entry] : known.map(({ entry }) => entry);
    const isCounted = evidence.knownArtistIds instanceof Map;
    return {
      chosen,
      because: (winner) =>
        isCounted
          ? `in your listening (${playsOf(evidence.knownArtistIds, winner.candidate.id)} plays)`
          : 'in your listening',
    };
  };
}

function byGenre<T extends Contender>(evidence: TieEvidence): Step<T> {
  return (pool) => ({
    chosen: pool.filter((entry) => genresOverlap(evidence.sourceGenre, entry.candidate.genres)),
    because: () => `its genres overlap the event's genre "${evidence.sourceGenre}"`,
  });
}

function bySpelling<T extends Contender>(evidence: TieEvidence): Step<T> {
  const billed = literalSpelling(evidence.performer);
  return (pool) => ({
    chosen: pool.filter((entry) => literalSpelling(entry.candidate.name) === billed),
    because: () => 'spelled exactly as billed',
  });
}

/**
 * Picks one of several equally good candidates, or none. Evidence in order of strength:
 * the user's own listening, then genre overlap with the event, then a literal spelling
 * match ("The Killers" over "Killers" for "The Killers"). A step that finds several
 * narrows the pool for the next; a step that finds none leaves it unchanged.
 */
export function breakTie<T extends Contender>(
  contenders: readonly T[],
  evidence: TieEvidence,
): TieBreak<T> | null {
  let pool = [...contenders];
  const steps: Step<T>[] = [byListening(evidence), byGenre(evidence), bySpelling(evidence)];
  for (const step of steps) {
    const { chosen, because } = step(pool);
    const [only] = chosen;
    if (only && chosen.length === 1) return { winner: only, because: because(only) };
    if (chosen.length > 1) pool = chosen;
  }
  return null;
}
