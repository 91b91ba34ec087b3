/**
 * What this Spotify app's tier allows. Never hard-coded: the first 403 from a tier-gated
 * endpoint turns its flag off, and the flag is remembered (see `persist`) so later runs
 * do not spend a call to learn it again.
 */
export type GatedFeature = 'topTracks' | 'audioFeatures' | 'batchLookups';

export type CapabilityFlags = Partial<Record<GatedFeature, { allowed: boolean; checkedAt: number }>>;

export class TierGatedError extends Error {
  constructor(readonly feature: GatedFeature) {
    super(`This Spotify app's tier does not allow ${feature} (Development Mode); using the fallback.`);
    this.name = 'TierGatedError';
  }
}

export class Capabilities {
  constructor(
    private flags: CapabilityFlags = {},
    private readonly persist: (flags: CapabilityFlags) => void | Promise<void> = () => {},
    /** A remembered "not allowed" is re-tested after this long (a tier can be upgraded). */
    private readonly recheckAfterMs = 30 * 24 * 3600 * 1000,
  ) {}

  /** False when known to be gated; true when allowed or not yet known. */
  mayTry(feature: GatedFeature, now: number): boolean {
    const flag = this.flags[feature];
    if (!flag) return true;
    return flag.allowed || now - flag.checkedAt > this.recheckAfterMs;
  }

  async record(feature: GatedFeature, allowed: boolean, now: number): Promise<void> {
    if (this.flags[feature]?.allowed === allowed) return;
    this.flags = { ...this.flags, [feature]: { allowed, checkedAt: now } };
    await this.persist(this.flags);
  }

  snapshot(): CapabilityFlags {
    return { ...this.flags };
  }
}
