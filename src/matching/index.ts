/** Performer → Spotify artist matching: pure functions, no I/O. See README.md. */

export { baselineDecide } from './baseline.ts';
export {
  type BillingContext,
  type CandidateLookup,
  decideBilled,
  headlinerMatch,
  lookupNamesFor,
  type PerformerMatch,
} from './billed.ts';
export { type MatchCase, parseCasesJsonl, spotifyArtistIdFromLink } from './cases.ts';
export {
  ampersandSplit,
  type CleanedPerformer,
  cleanPerformer,
  isTribute,
  splitFirm,
  splitLoose,
  tributeActName,
} from './clean.ts';
export {
  decideMatch,
  FUZZY_CLEAR_LEAD,
  FUZZY_MIN_LENGTH,
  FUZZY_MIN_RATIO,
  MATCHER_VERSION,
} from './decide.ts';
export {
  type CaseFailure,
  decideCase,
  decideCaseByBaseline,
  type EvaluationResult,
  evaluateCases,
  type FamilyScore,
  formatEvaluationLine,
  formatFamilyLine,
} from './evaluate.ts';
export { genresOverlap } from './genres.ts';
export { compactName, normaliseName, performerKey } from './normalise.ts';
export { isPlaceholder } from './placeholder.ts';
export type {
  ArtistLink,
  Candidate,
  KnownArtists,
  MatchDecision,
  MatchInput,
  MatchMethod,
  RunnerUp,
} from './types.ts';
