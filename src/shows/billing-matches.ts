/**
 * From a performer as billed ("Khruangbin, Men I Trust") to the match decisions stored
 * for it. Decisions live in `artist_matches` keyed by `performerKey(name)` of the name
 * that was decided — the cleaned billing or one of its co-bill parts — so reading them
 * back replays `decideBilled`'s order (src/matching/billed.ts) with the stored decisions
 * standing in for fresh ones: the unsplit text first, then its parts.
 */
import {
  ampersandSplit,
  cleanPerformer,
  lookupNamesFor,
  performerKey,
  splitFirm,
  splitLoose,
} from '../matching/index.ts';
import type { Queryable, Row } from '../store/db.ts';

export interface StoredMatch {
  performerKey: string;
  performerName: string;
  /** null: decided "unmatched" (a valid answer). */
  artistId: string | null;
  artistName: string | null;
  method: string;
  score: number;
  manual: boolean;
  tribute: boolean;
}

/** One performer of a billing: its name, and the stored decision (null = not decided yet). */
export interface ResolvedPerformer {
  name: string;
  key: string;
  match: StoredMatch | null;
}

export type MatchLookup = ReadonlyMap<string, StoredMatch>;

/** Every key a billing's decisions may be stored under. */
export function candidateKeys(billed: string): string[] {
  const cleaned = cleanPerformer(billed);
  const names = [billed, cleaned.whole, ...lookupNamesFor(billed)];
  return [...new Set(names.filter((n) => n.trim() !== '').map(performerKey))];
}

const accepted = (p: ResolvedPerformer) => p.match?.artistId != null;

/** The performers of one billing, in billing order, with their stored decisions. */
export function resolveBilling(billed: string, decisions: MatchLookup): ResolvedPerformer[] {
  const get = (name: string): ResolvedPerformer => {
    const key = performerKey(name);
    return { name, key, match: decisions.get(key) ?? null };
  };
  if (billed.trim() === '') return [];
  const asBilled = get(billed);
  // A manual override may be keyed by the billing exactly as the user typed it.
  if (asBilled.match?.manual) return [asBilled];
  const cleaned = cleanPerformer(billed);
  if (cleaned.tribute) return [asBilled];
  const whole = get(cleaned.whole);
  // A verified link (or an override) decides the billing as a whole.
  if (whole.match && (whole.match.method === 'link' || whole.match.manual)) return [whole];
  const parts = splitFirm(cleaned.whole).flatMap((part) => resolvePart(part, get));
  return [...new Map(parts.map((p) => [p.key, p])).values()];
}

function resolvePart(text: string, get: (name: string) => ResolvedPerformer): ResolvedPerformer[] {
  const whole = get(text);
  const loose = splitLoose(text);
  if (accepted(whole) || loose.length === 1) return withAmpersandFallback(text, whole, get);
  const parts = loose.flatMap((part) => withAmpersandFallback(part, get(part), get));
  return parts.some(accepted) ? parts : withAmpersandFallback(text, whole, get);
}

function withAmpersandFallback(
  text: string,
  whole: ResolvedPerformer,
  get: (name: string) => ResolvedPerformer,
): ResolvedPerformer[] {
  if (accepted(whole)) return [whole];
  const parts = ampersandSplit(text);
  if (parts.length === 1) return [whole];
  const resolved = parts.map(get);
  return resolved.some(accepted) ? resolved : [whole];
}

/** Loads the stored decisions for these billings (one query). */
export async function loadMatches(
  db: Queryable,
  billings: readonly string[],
): Promise<Map<string, StoredMatch>> {
  const keys = [...new Set(billings.flatMap(candidateKeys))];
  if (keys.length === 0) return new Map();
  const rows = await db.all(
    `SELECT performer_key, performer_name, artist_id, artist_name, method, score, manual, tribute
     FROM artist_matches WHERE performer_key IN (SELECT unnest(from_json(?, '["VARCHAR"]')))`,
    [JSON.stringify(keys)],
  );
  return new Map(rows.map((row) => [String(row.performer_key), toMatch(row)]));
}

function toMatch(row: Row): StoredMatch {
  return {
    performerKey: String(row.performer_key),
    performerName: String(row.performer_name),
    artistId: row.artist_id === null ? null : String(row.artist_id),
    artistName: row.artist_name === null ? null : String(row.artist_name),
    method: String(row.method),
    score: Number(row.score),
    manual: Boolean(row.manual),
    tribute: Boolean(row.tribute),
  };
}
