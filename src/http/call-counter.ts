/**
 * Counts API calls per `api endpoint` label. Every client shares one counter per run, so
 * a run report (and every benchmark) can say exactly which calls were made.
 */
export class CallCounter {
  private readonly counts = new Map<string, number>();

  record(api: string, endpoint: string): void {
    const key = `${api} ${endpoint}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  /** `{ "spotify GET /me/player/recently-played": 12, … }` */
  snapshot(): Record<string, number> {
    return Object.fromEntries([...this.counts.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }

  total(api?: string): number {
    let sum = 0;
    for (const [key, n] of this.counts) if (!api || key.startsWith(`${api} `)) sum += n;
    return sum;
  }

  /** Calls whose label contains `fragment` (e.g. "/search"). */
  matching(fragment: string): number {
    let sum = 0;
    for (const [key, n] of this.counts) if (key.includes(fragment)) sum += n;
    return sum;
  }

  /** The calls made since `before` was taken. */
  since(before: Record<string, number>): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [key, n] of this.counts) {
      const delta = n - (before[key] ?? 0);
      if (delta > 0) out[key] = delta;
    }
    return out;
  }
}
