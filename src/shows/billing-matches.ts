/**
 * From a performer as billed to the match decisions the match job stored for it. The
 * job keeps one `artist_matches` row per billing, under `performerKey(billed name)`:
 * - one performer (perhaps cleaned: "An Evening with Phoenix" → Phoenix): that row is the decision;
 * - a co-bill decided part by part ("Khruangbin, Men I Trust"): method `split`, and
 *   `part_keys` lists the parts' own rows, in billing order;
 * - a manual override (`encore match set`) on the billing always stands as it is.
 * No row yet: the matcher has not seen the billing.
 */
import { performerKey } from '../matching/index.ts';
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
  /** For a split billing: the parts' keys. */
  partKeys: string[] | null;
}

/** One performer of a billing: its name, and the stored decision (null = not decided yet). */
export interface ResolvedPerformer {
  name: string;
  key: string;
  match: StoredMatch | null;
}

export type MatchLookup = ReadonlyMap<string, StoredMatch>;

const isSplit = (m: StoredMatch) => m.method === 'split' && !m.manual && (m.partKeys?.length ?? 0) > 0;

/** The performers of one billing, in billing order, with their stored decisions. */
export function resolveBilling(billed: string, decisions: MatchLookup): ResolvedPerformer[] {
  if (billed.trim() === '') return [];
  const key = performerKey(billed);
  const row = decisions.get(key) ?? null;
  if (!row || !isSplit(row)) return [{ name: billed, key, match: row }];
  return row.partKeys!.map((partKey) => {
    const part = decisions.get(partKey) ?? null;
    return { name: part?.performerName ?? partKey, key: partKey, match: part };
  });
}

/** Loads the stored decisions for these billings and their parts (two queries). */
export async function loadMatches(
  db: Queryable,
  billings: readonly string[],
): Promise<Map<string, StoredMatch>> {
  const keys = [...new Set(billings.filter((b) => b.trim() !== '').map(performerKey))];
  const found = new Map<string, StoredMatch>();
  const load = async (wanted: string[]) => {
    if (wanted.length === 0) return;
    const rows = await db.all(
      `SELECT * FROM artist_matches WHERE performer_key IN (SELECT unnest(from_json(?, '["VARCHAR"]')))`,
      [JSON.stringify(wanted)],
    );
    for (const row of rows) found.set(String(row.performer_key), toMatch(row));
  };
  await load(keys);
  const parts = [...found.values()].filter(isSplit).flatMap((m) => m.partKeys ?? []);
  await load([...new Set(parts)].filter((k) => !found.has(k)));
  return found;
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
    // Read defensively: the column arrived with the match job.
    partKeys: Array.isArray(row.part_keys) ? (row.part_keys as string[]) : null,
  };
}
