import * as fuzz from 'fuzzball';
import { cleanPerformer, isTribute, tributeActName } from './clean.ts';
import { compactName, normaliseName } from './normalise.ts';
import { genresOverlap } from './genres.ts';
import { isPlaceholder } from './placeholder.ts';
import { breakTie, type Contender } from './tiebreak.ts';
import type { ArtistLink, Candidate, MatchDecision, MatchInput, RunnerUp } from './types.ts';

/**
 * Bump whenever a change here (or in normalising, cleaning, tie-breaking) could change a
 * decision. Callers store it with each decision and recompute only older, non-manual ones.
 */
export const MATCHER_VERSION = 2;

/** A fuzzy match needs a full `ratio` of at least this on normalised names. */
export const FUZZY_MIN_RATIO = 90;
/** Names shorter than this ("X", "M", "Yes") are only ever accepted when exactly equal. */
export const FUZZY_MIN_LENGTH = 4;
/** A fuzzy best must lead the next candidate by this many points, or win a tie-break. */
export const FUZZY_CLEAR_LEAD = 5;

interface Scored extends Contender {
  normalised: string;
  exact: boolean;
}

function uniqueById(candidates: readonly Candidate[]): Candidate[] {
  const seen = new Set<string>();
  return candidates.filter((candidate) => !seen.has(candidate.id) && seen.add(candidate.id));
}

/**
 * Equal once normalised, or equal once spaces are dropped too ("ACDC" = "AC/DC",
 * "Pumpkin Heads" ≠ "Pumpkinhead"): a space is punctuation in a name, not a letter.
 * The spaceless form must keep at least `FUZZY_MIN_LENGTH` characters.
 */
function isSpacelessTwin(target: string, normalised: string): boolean {
  const compact = compactName(target);
  return (
    normalised !== target && [...compact].length >= FUZZY_MIN_LENGTH && compact === compactName(normalised)
  );
}

/**
 * A spaceless twin is weaker evidence than an equal name ("AB/CD" and the soundtrack act
 * "ABCD"), so it must not clash with the event: when both the event's genre and the
 * artist's genres are known, they must overlap.
 */
function isExactName(
  target: string,
  candidate: Candidate,
  normalised: string,
  genre?: string | null,
): boolean {
  if (target === '' || normalised === '') return false;
  if (normalised === target) return true;
  if (!isSpacelessTwin(target, normalised)) return false;
  const genres = candidate.genres ?? [];
  return !genre || genres.length === 0 || genresOverlap(genre, genres);
}

/** Scores every candidate against the normalised performer, best first (stable for ties). */
function scoreCandidates(target: string, candidates: readonly Candidate[], genre?: string | null): Scored[] {
  return uniqueById(candidates)
    .map((candidate) => {
      const normalised = normaliseName(candidate.name);
      const exact = isExactName(target, candidate, normalised, genre);
      const score = exact ? 100 : fuzz.ratio(target, normalised, { full_process: false });
      return { candidate, normalised, exact, score };
    })
    .sort((a, b) => b.score - a.score);
}

function runnerUpOf(scored: readonly Scored[], chosenId: string | null): RunnerUp | null {
  const other = scored.find((entry) => entry.candidate.id !== chosenId);
  return other ? { id: other.candidate.id, name: other.candidate.name, score: other.score } : null;
}

function accept(method: 'exact' | 'fuzzy', winner: Scored, scored: Scored[], reason: string): MatchDecision {
  return {
    artistId: winner.candidate.id,
    artistName: winner.candidate.name,
    method,
    score: winner.score,
    runnerUp: runnerUpOf(scored, winner.candidate.id),
    reason,
    tribute: false,
  };
}

function unmatched(scored: readonly Scored[], reason: string, tribute = false): MatchDecision {
  const closest = runnerUpOf(scored, null);
  return {
    artistId: null,
    artistName: null,
    method: 'none',
    score: closest?.score ?? 0,
    runnerUp: closest,
    reason,
    tribute,
  };
}

function decideByLink(link: ArtistLink): MatchDecision {
  const name = link.verifiedName ?? null;
  return {
    artistId: link.artistId,
    artistName: name,
    method: 'link',
    score: 100,
    runnerUp: null,
    reason: name
      ? `The event source links this performer to Spotify artist "${name}" (verified).`
      : 'The event source links this performer to a Spotify artist id (verified; name not fetched).',
    tribute: false,
  };
}

function decideExact(exact: Scored[], scored: Scored[], input: MatchInput, performer: string): MatchDecision {
  const [only] = exact;
  const key = only?.normalised ?? '';
  if (only && exact.length === 1) {
    return accept(
      'exact',
      only,
      scored,
      `"${performer}" equals "${only.candidate.name}" once normalised ("${key}").`,
    );
  }
  const tie = breakTie(exact, { ...input, performer });
  const count = `${exact.length} artists are named "${key}" once normalised`;
  if (!tie) {
    // Spotify's order is popularity, not who is playing tonight: a wrong artist is worse
    // than a missing one, so an unresolved namesake tie stays unmatched.
    return unmatched(scored, `${count}, and neither listening, genre nor spelling tells them apart.`);
  }
  return accept(
    'exact',
    tie.winner,
    scored,
    `${count}; chose "${tie.winner.candidate.name}": ${tie.because}.`,
  );
}

/**
 * Near spellings that are different names: a one-word name against anything but itself
 * ("Heart"/"Hearts", "Metric"/"Metrics" — common words have plurals and namesakes), and a
 * name that is the other plus whole words ("Led Zeppelin 2"/"Led Zeppelin").
 */
function differsByWords(target: string, normalised: string): boolean {
  const mine = target.split(' ');
  const theirs = normalised.split(' ');
  if (mine.length === 1 || theirs.length === 1) return true;
  const [shorter, longer] = mine.length <= theirs.length ? [mine, theirs] : [theirs, mine];
  return shorter.length < longer.length && shorter.every((word) => longer.includes(word));
}

function isFuzzyEligible(target: string, entry: Scored): boolean {
  const shorter = Math.min([...target].length, [...entry.normalised].length);
  return (
    entry.score >= FUZZY_MIN_RATIO && shorter >= FUZZY_MIN_LENGTH && !differsByWords(target, entry.normalised)
  );
}

function decideFuzzy(target: string, scored: Scored[], input: MatchInput, performer: string): MatchDecision {
  const [best] = scored;
  if (!best) return unmatched(scored, 'Spotify search returned no artists.');
  const closest = `closest is "${best.candidate.name}" at ratio ${best.score}`;
  if (!isFuzzyEligible(target, best)) {
    const tooShort = Math.min([...target].length, [...best.normalised].length) < FUZZY_MIN_LENGTH;
    const why = tooShort
      ? `names under ${FUZZY_MIN_LENGTH} characters must be equal`
      : best.score >= FUZZY_MIN_RATIO
        ? 'one-word names, and names that differ by whole words, must be equal'
        : `needs ${FUZZY_MIN_RATIO}`;
    return unmatched(scored, `No artist is named "${target}" once normalised; ${closest} (${why}).`);
  }
  const close = scored.filter((entry) => entry.score > best.score - FUZZY_CLEAR_LEAD);
  if (close.length === 1) {
    const lead = best.score - (scored[1]?.score ?? 0);
    const detail = `ratio ${best.score} ≥ ${FUZZY_MIN_RATIO}, ${lead} ahead of the runner-up`;
    return accept('fuzzy', best, scored, `"${performer}" ≈ "${best.candidate.name}": ${detail}.`);
  }
  const tie = breakTie(close, { ...input, performer });
  if (tie && isFuzzyEligible(target, tie.winner)) {
    const detail = `ratio ${tie.winner.score}, ${close.length} candidates within ${FUZZY_CLEAR_LEAD} points`;
    return accept(
      'fuzzy',
      tie.winner,
      scored,
      `"${performer}" ≈ "${tie.winner.candidate.name}": ${detail}; chose it: ${tie.because}.`,
    );
  }
  const names = close.map((entry) => `"${entry.candidate.name}" (${entry.score})`).join(', ');
  return unmatched(scored, `Too close to call: ${names}, and nothing breaks the tie.`);
}

/**
 * Decides which Spotify artist one performer is — or that none is. Pure: the caller has
 * searched Spotify, verified any link, and stores the decision.
 *
 * Order: a tribute act is never matched; a verified link wins; a unique exact normalised
 * match wins (several are told apart by listening, genre, spelling — or left unmatched);
 * otherwise a fuzzy match must reach `FUZZY_MIN_RATIO`, involve names of at least
 * `FUZZY_MIN_LENGTH` characters and lead by `FUZZY_CLEAR_LEAD` (or win a tie-break).
 * `partial_ratio`, `token_set_ratio` and `WRatio` are never used: they call "X" a
 * perfect match for "Xavier Rudd".
 */
export function decideMatch(input: MatchInput): MatchDecision {
  const performer = cleanPerformer(input.performer).whole;
  const target = normaliseName(performer);
  const scored = scoreCandidates(target, input.candidates, input.sourceGenre);
  if (isPlaceholder(input.performer) || isPlaceholder(performer)) {
    const reason = `"${input.performer}" is a placeholder or an event, not a performer: it is never matched.`;
    return unmatched(scored, reason);
  }
  if (isTribute(input.performer)) return decideTributeAct(input);
  if (input.link && input.link.verifiedName !== null) return decideByLink(input.link);
  const decision = decideByName(target, scored, input, performer);
  if (!input.link) return decision;
  return {
    ...decision,
    reason: `The source's Spotify link could not be verified and was ignored. ${decision.reason}`,
  };
}

function decideByName(target: string, scored: Scored[], input: MatchInput, performer: string): MatchDecision {
  if (target === '') {
    return unmatched(
      scored,
      `"${performer}" has no letters or digits once normalised, so it cannot be matched.`,
    );
  }
  const exact = scored.filter((entry) => entry.exact);
  if (exact.length > 0) return decideExact(exact, scored, input, performer);
  return decideFuzzy(target, scored, input, performer);
}

/** Genres a tribute act's own Spotify page may carry; an established artist has others. */
const TRIBUTE_GENRE = /\b(?:tribute|cover|covers)\b/iu;

function looksLikeTributeAct(candidate: Candidate): boolean {
  const genres = candidate.genres ?? [];
  return genres.length === 0 || genres.some((genre) => TRIBUTE_GENRE.test(genre));
}

/**
 * A tribute billing is never the artist it names, but the act may be an artist itself:
 * "Led Zepagain - A Tribute to Led Zeppelin" is Led Zepagain. Only its own name counts,
 * only exactly ("Pumpkin Heads" is not the rapper Pumpkinhead), and only a candidate that
 * looks like a small act — a namesake with established genres of its own ("RAIN", k-pop,
 * for "Rain - A Tribute to the Beatles") is someone else.
 */
function decideTributeAct(input: MatchInput): MatchDecision {
  const own = tributeActName(input.performer);
  const billed = `"${input.performer}" is billed as a tribute or cover act: it is not the artist it names`;
  const target = own ? normaliseName(own) : '';
  const scored = scoreCandidates(target, input.candidates, input.sourceGenre);
  if (!own || target === '') return unmatched(scored, `${billed}.`, true);
  const exact = scored.filter((entry) => entry.exact && looksLikeTributeAct(entry.candidate));
  const tie = exact.length > 1 ? breakTie(exact, { ...input, performer: own }) : null;
  const winner = exact.length === 1 ? exact[0] : tie?.winner;
  if (!winner) {
    const why = exact.length > 1 ? 'several acts have that name' : `no tribute act is named "${own}"`;
    return unmatched(scored, `${billed}, and ${why}.`, true);
  }
  const reason = `${billed}; the act itself is "${winner.candidate.name}" (its own name, "${own}").`;
  return { ...accept('exact', winner, scored, reason), tribute: true };
}
