import { baselineDecide } from './baseline.ts';
import { decideBilled, headlinerMatch } from './billed.ts';
import { type MatchCase, spotifyArtistIdFromLink } from './cases.ts';
import type { ArtistLink, MatchDecision } from './types.ts';

export interface CaseFailure {
  performer: string;
  expected: string | null;
  /** `wrong`: an artist was accepted that is not the expected one; `missed`: nothing was. */
  kind: 'wrong' | 'missed';
  got: { id: string; name: string | null } | null;
  method: MatchDecision['method'];
  reason: string;
}

export interface EvaluationResult {
  cases: number;
  /** Right artists among all accepted ones (1 when nothing was accepted). */
  precision: number;
  /** Right artists among the cases that have an expected artist (1 when none has). */
  recall: number;
  baselinePrecision: number;
  baselineRecall: number;
  /** The current rule per case `family` ("unlabelled" for cases without one), by name. */
  byFamily: FamilyScore[];
  /** Where the current rule went wrong, in case order. */
  failures: CaseFailure[];
}

export interface FamilyScore {
  family: string;
  cases: number;
  precision: number;
  recall: number;
}

interface Tally {
  accepted: number;
  correct: number;
  expected: number;
}

/**
 * The link as the offline cases carry it: counted as verified (the evaluation cannot call
 * `GET /artists/{id}`), named after the search result with that id when there is one.
 */
function caseLink(matchCase: MatchCase): ArtistLink | null {
  const artistId = matchCase.spotify_link ? spotifyArtistIdFromLink(matchCase.spotify_link) : null;
  if (!artistId) return null;
  const linked = matchCase.candidates.find((candidate) => candidate.id === artistId);
  return linked ? { artistId, verifiedName: linked.name } : { artistId };
}

/**
 * The current rule on one case. A case has one candidate list (the search for the whole
 * billing), so every co-bill part is looked up in that same list, and the case's answer
 * is the first accepted performer in billing order.
 */
export function decideCase(matchCase: MatchCase): MatchDecision {
  const matches = decideBilled(matchCase.performer, () => matchCase.candidates, {
    sourceGenre: matchCase.source_genre ?? null,
    link: caseLink(matchCase),
  });
  const chosen = headlinerMatch(matches) ?? matches[0];
  if (!chosen) throw new Error(`no decision for "${matchCase.performer}"`);
  return chosen.decision;
}

/** The original `partial_ratio > 80` rule on one case: the billing as is, links ignored. */
export function decideCaseByBaseline(matchCase: MatchCase): MatchDecision {
  return baselineDecide({ performer: matchCase.performer, candidates: matchCase.candidates });
}

function count(tally: Tally, expected: string | null, got: string | null): void {
  if (expected !== null) tally.expected += 1;
  if (got === null) return;
  tally.accepted += 1;
  if (got === expected) tally.correct += 1;
}

function ratio(part: number, whole: number): number {
  return whole === 0 ? 1 : part / whole;
}

function failureOf(matchCase: MatchCase, decision: MatchDecision): CaseFailure | null {
  if (decision.artistId === matchCase.expected) return null;
  return {
    performer: matchCase.performer,
    expected: matchCase.expected,
    kind: decision.artistId === null ? 'missed' : 'wrong',
    got: decision.artistId === null ? null : { id: decision.artistId, name: decision.artistName },
    method: decision.method,
    reason: decision.reason,
  };
}

const UNLABELLED = 'unlabelled';

function emptyTally(): Tally {
  return { accepted: 0, correct: 0, expected: 0 };
}

function familyScores(tallies: ReadonlyMap<string, Tally & { cases: number }>): FamilyScore[] {
  return [...tallies.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([family, tally]) => ({
      family,
      cases: tally.cases,
      precision: ratio(tally.correct, tally.accepted),
      recall: ratio(tally.correct, tally.expected),
    }));
}

/** Runs both rules over labelled cases and reports precision and recall side by side. */
export function evaluateCases(cases: readonly MatchCase[]): EvaluationResult {
  const current = emptyTally();
  const baseline = emptyTally();
  const families = new Map<string, Tally & { cases: number }>();
  const failures: CaseFailure[] = [];
  for (const matchCase of cases) {
    const decision = decideCase(matchCase);
    count(current, matchCase.expected, decision.artistId);
    const name = matchCase.family ?? UNLABELLED;
    const family = families.get(name) ?? { ...emptyTally(), cases: 0 };
    family.cases += 1;
    count(family, matchCase.expected, decision.artistId);
    families.set(name, family);
    count(baseline, matchCase.expected, decideCaseByBaseline(matchCase).artistId);
    const failure = failureOf(matchCase, decision);
    if (failure) failures.push(failure);
  }
  return {
    cases: cases.length,
    precision: ratio(current.correct, current.accepted),
    recall: ratio(current.correct, current.expected),
    baselinePrecision: ratio(baseline.correct, baseline.accepted),
    baselineRecall: ratio(baseline.correct, baseline.expected),
    byFamily: familyScores(families),
    failures,
  };
}

/**
 * `families co-bill(16) precision=1.00 recall=1.00 | tribute(13) precision=…`: printed
 * before the summary line, which keeps its shape for scripts that read the last line.
 */
export function formatFamilyLine(result: EvaluationResult): string {
  const fixed = (value: number) => value.toFixed(2);
  const parts = result.byFamily.map(
    (score) =>
      `${score.family}(${score.cases}) precision=${fixed(score.precision)} recall=${fixed(score.recall)}`,
  );
  return `families ${parts.join(' | ')}`;
}

/** `match cases=120 precision=0.99 recall=0.96 baseline_precision=0.80 baseline_recall=0.93` */
export function formatEvaluationLine(result: EvaluationResult): string {
  const fixed = (value: number) => value.toFixed(2);
  return [
    'match',
    `cases=${result.cases}`,
    `precision=${fixed(result.precision)}`,
    `recall=${fixed(result.recall)}`,
    `baseline_precision=${fixed(result.baselinePrecision)}`,
    `baseline_recall=${fixed(result.baselineRecall)}`,
  ].join(' ');
}

export { type MatchCase, parseCasesJsonl } from './cases.ts';
