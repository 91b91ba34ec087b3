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
import type { Queryable } from '../store/db.ts';
import { type MatchRow, toMatchRow } from '../store/matches.ts';

/** The fields of a stored decision that listing and picking need. */
export type StoredMatch = Pick<
  MatchRow,
  | 'performerKey'
  | 'performerName'
  | 'artistId'
  | 'artistName'
  | 'method'
  | 'score'
  | 'manual'
  | 'tribute'
  | 'partKeys'
>;

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
    for (const row of rows) found.set(String(row.performer_key), toMatchRow(row));
  };
  await load(keys);
  const parts = [...found.values()].filter(isSplit).flatMap((m) => m.partKeys ?? []);
  await load([...new Set(parts)].filter((k) => !found.has(k)));
  return found;
}

/** A Spotify artist a billing stands for. */
export interface PerformerArtist {
  key: string;
  artistId: string;
  artistName: string | null;
  method: string;
}

/**
 * The Spotify artists each billing stands for, following a split billing to its parts.
 * A billing without a decision, or decided as unmatched, maps to [].
 */
export async function resolvePerformerArtists(
  db: Queryable,
  names: readonly string[],
): Promise<Map<string, PerformerArtist[]>> {
  const decisions = await loadMatches(db, names);
  return new Map(
    names.map((name) => [
      name,
      resolveBilling(name, decisions).flatMap(({ match }) =>
        match?.artistId
          ? [
              {
                key: match.performerKey,
                artistId: match.artistId,
                artistName: match.artistName,
                method: match.method,
              },
            ]
          : [],
      ),
    ]),
  );
}
