import * as fuzz from 'fuzzball';
import type { MatchDecision, MatchInput } from './types.ts';

/** The original design looked at the first five search results… */
const BASELINE_CANDIDATES = 5;
/** …and accepted the best `partial_ratio` above this. */
const BASELINE_THRESHOLD = 80;

/**
 * The original rule, kept only to be measured against: the best fuzzball
 * `partial_ratio(performer, name)` among the first five results, accepted when > 80.
 * No cleaning, no normalising beyond fuzzball's default processing, links ignored.
 */
export function baselineDecide(input: MatchInput): MatchDecision {
  const scored = input.candidates
    .slice(0, BASELINE_CANDIDATES)
    .map((candidate) => ({ candidate, score: fuzz.partial_ratio(input.performer, candidate.name) }))
    .sort((a, b) => b.score - a.score);
  const [best, second] = scored;
  const runnerUp = second
    ? { id: second.candidate.id, name: second.candidate.name, score: second.score }
    : null;
  if (!best || best.score <= BASELINE_THRESHOLD) {
    return {
      artistId: null,
      artistName: null,
      method: 'none',
      score: best?.score ?? 0,
      runnerUp: best ? { id: best.candidate.id, name: best.candidate.name, score: best.score } : null,
      reason: `Original rule: no partial_ratio above ${BASELINE_THRESHOLD} among the first ${BASELINE_CANDIDATES} results.`,
      tribute: false,
    };
  }
  return {
    artistId: best.candidate.id,
    artistName: best.candidate.name,
    method: 'fuzzy',
    score: best.score,
    runnerUp,
    reason: `Original rule: partial_ratio ${best.score} > ${BASELINE_THRESHOLD}.`,
    tribute: false,
  };
}
