/**
 * Decides one billing with as few searches as possible. `decideBilled` is pure and asks
 * for candidates synchronously; the parts of a co-bill are only looked at when the whole
 * billing found nothing. So: decide with what has been searched, search exactly the names
 * the decision asked for and did not have, and decide again — usually one search in all.
 */
import {
  type BillingContext,
  type Candidate,
  decideBilled,
  normaliseName,
  type PerformerMatch,
} from '../matching/index.ts';

export type SearchArtists = (name: string) => Promise<readonly Candidate[]>;

/** Search results by normalised name, shared by every billing of a run ("Muse" is searched once). */
export class CandidateCache {
  private readonly results = new Map<string, readonly Candidate[]>();

  constructor(private readonly search: SearchArtists) {}

  private key(name: string): string {
    return normaliseName(name) || name.trim().toLowerCase();
  }

  has(name: string): boolean {
    return this.results.has(this.key(name));
  }

  get(name: string): readonly Candidate[] | undefined {
    return this.results.get(this.key(name));
  }

  async fetch(name: string): Promise<readonly Candidate[]> {
    const cached = this.get(name);
    if (cached) return cached;
    // A name with nothing to search for ("", "???") is answered without a call.
    const found = name.trim() === '' || !/[\p{L}\p{N}!$]/u.test(name) ? [] : await this.search(name.trim());
    this.results.set(this.key(name), found);
    return found;
  }
}

export interface BillingDecision {
  matches: PerformerMatch[];
  /** Every candidate list the decision read, by name: stored for `encore match explain`. */
  candidates: Map<string, readonly Candidate[]>;
}

const MAX_ROUNDS = 6;

export async function decideBillingWithSearch(
  billed: string,
  cache: CandidateCache,
  context: BillingContext,
): Promise<BillingDecision> {
  for (let round = 0; ; round++) {
    const missing = new Set<string>();
    const read = new Map<string, readonly Candidate[]>();
    const matches = decideBilled(
      billed,
      (name) => {
        const found = cache.get(name);
        if (found === undefined) missing.add(name);
        else read.set(name, found);
        return found ?? [];
      },
      context,
    );
    if (missing.size === 0 || round >= MAX_ROUNDS) return { matches, candidates: read };
    for (const name of missing) await cache.fetch(name);
  }
}
