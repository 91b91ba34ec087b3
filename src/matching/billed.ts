import { ampersandSplit, cleanPerformer, splitFirm, splitLoose, tributeActName } from './clean.ts';
import { decideMatch } from './decide.ts';
import { performerKey } from './normalise.ts';
import { isPlaceholder } from './placeholder.ts';
import type { ArtistLink, Candidate, KnownArtists, MatchDecision } from './types.ts';

/**
 * Spotify search results for one name, best first. Synchronous so that deciding stays
 * pure: callers search for every name of `lookupNamesFor(billed)` first (usually just
 * one), then decide. A name that was not searched may return `[]`.
 */
export type CandidateLookup = (name: string) => readonly Candidate[];

/** What is known about the billing as a whole. */
export interface BillingContext {
  sourceGenre?: string | null;
  /** A link on the billing (e.g. the Ticketmaster attraction); decides the whole billing. */
  link?: ArtistLink | null;
  knownArtistIds?: KnownArtists;
}

export interface PerformerMatch {
  /** The name that was decided: the cleaned billing or one of its co-bill parts. */
  name: string;
  /** `performerKey(name)`: what the decision is stored under. */
  key: string;
  decision: MatchDecision;
}

type Decide = (name: string) => PerformerMatch;

function isAccepted(match: PerformerMatch): boolean {
  return match.decision.artistId !== null;
}

/**
 * A part of an "&"/"and" split is a guess ("Florence" out of "Florence and the
 * Machine"), so only an exact name is good enough for it.
 */
function exactOnly(match: PerformerMatch): PerformerMatch {
  const { decision } = match;
  if (decision.method !== 'fuzzy' || decision.artistId === null) return match;
  const closest = { id: decision.artistId, name: decision.artistName ?? '', score: decision.score };
  const reason = `"${match.name}" came from splitting on "&"/"and"; such parts need an exact name, and the closest was "${closest.name}" at ${closest.score}.`;
  return {
    ...match,
    decision: { ...decision, artistId: null, artistName: null, method: 'none', runnerUp: closest, reason },
  };
}

/** "Bruce Springsteen & The E Street Band": try the parts only when the whole failed. */
function withAmpersandFallback(text: string, decide: Decide, whole = decide(text)): PerformerMatch[] {
  if (isAccepted(whole)) return [whole];
  const parts = ampersandSplit(text);
  if (parts.length === 1) return [whole];
  const partMatches = parts.map((part) => exactOnly(decide(part)));
  return partMatches.some(isAccepted) ? partMatches : [whole];
}

/** "Tyler, The Creator" is one artist, "Khruangbin, Men I Trust" two: try the whole first. */
function decidePart(text: string, decide: Decide): PerformerMatch[] {
  const whole = decide(text);
  const looseParts = splitLoose(text);
  // One part equal to the text: nothing to split. ("Metallica with Special Guests" has one
  // part too, once the guest placeholder is dropped, and that part is worth deciding.)
  const unsplit = looseParts.length === 1 && looseParts[0] === text;
  if (isAccepted(whole) || unsplit) return withAmpersandFallback(text, decide, whole);
  const partMatches = looseParts.flatMap((part) => withAmpersandFallback(part, decide));
  return partMatches.some(isAccepted) ? partMatches : withAmpersandFallback(text, decide, whole);
}

/**
 * Decides every performer of a billing: clean it, honour a tribute flag or a link for
 * the whole billing, then decide each `feat.`/`b2b` part — its unsplit text first, then
 * its `,`/`/`/`with`/`x` parts, then (only if still nothing matched) its `&`/`and` parts.
 * Returns one entry per performer decided, in billing order; unmatched entries explain why.
 */
export function decideBilled(
  billed: string,
  lookup: CandidateLookup,
  context: BillingContext = {},
): PerformerMatch[] {
  const cleaned = cleanPerformer(billed);
  const link = context.link ?? null;
  if (cleaned.tribute || isPlaceholder(billed) || (link !== null && link.verifiedName !== null)) {
    // Decided for the billing as a whole: at most the tribute act's own name is searched.
    const name = cleaned.tribute || isPlaceholder(billed) ? billed : cleaned.whole;
    const own = cleaned.tribute ? tributeActName(billed) : null;
    const candidates = own ? lookup(own) : [];
    const decision = decideMatch({ ...context, performer: billed, candidates });
    return [{ name, key: performerKey(name), decision }];
  }
  // A dead link travels with every part so that each explanation mentions it.
  const decide: Decide = (name) => ({
    name,
    key: performerKey(name),
    // A placeholder part ("Special Guests") is decided without searching for it.
    decision: decideMatch({
      ...context,
      performer: name,
      candidates: isPlaceholder(name) ? [] : lookup(name),
    }),
  });
  const matches = splitFirm(cleaned.whole).flatMap((part) => decidePart(part, decide));
  if (matches.some(isAccepted) || cleaned.alternate === null) return matches;
  // "방탄소년단(BTS)": the billing also gives the name in another script; try it as a whole.
  const alternate = decide(cleaned.alternate);
  return isAccepted(alternate) ? [alternate] : matches;
}

/** Every name `decideBilled` may look up for this billing, in the order it would: search these first. */
export function lookupNamesFor(billed: string): string[] {
  const cleaned = cleanPerformer(billed);
  if (isPlaceholder(billed)) return [];
  if (cleaned.tribute) {
    const own = tributeActName(billed);
    return own ? [own] : [];
  }
  const names = splitFirm(cleaned.whole).flatMap((part) => {
    const loose = splitLoose(part);
    const parts = loose.length > 1 || loose[0] !== part ? [part, ...loose] : [part];
    return parts.flatMap((name) => {
      const split = ampersandSplit(name);
      return split.length > 1 ? [name, ...split] : [name];
    });
  });
  if (cleaned.alternate !== null) names.push(cleaned.alternate);
  return [...new Set(names.filter((name) => !isPlaceholder(name)))];
}

/** The artist a billing is "about": the first accepted performer in billing order, or null. */
export function headlinerMatch(matches: readonly PerformerMatch[]): PerformerMatch | null {
  return matches.find(isAccepted) ?? null;
}
