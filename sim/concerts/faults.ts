/**
 * Faults on demand: a test asks for "the next 2 requests answer with an HTML page", or
 * "after 3 requests, a 429". Each simulator defines its own fault kinds.
 */
export interface FaultOptions {
  /** How many requests get the fault (default 1). */
  times?: number;
  /** Let this many requests through first (default 0). */
  after?: number;
  /** Only requests whose query passes this test count (e.g. only page 2). */
  match?: (query: URLSearchParams) => boolean;
}

interface Pending<K> {
  kind: K;
  remaining: number;
  skip: number;
  match: ((query: URLSearchParams) => boolean) | undefined;
}

export class FaultQueue<K extends string> {
  private pending: Array<Pending<K>> = [];

  inject(kind: K, options: FaultOptions = {}): void {
    this.pending.push({
      kind,
      remaining: options.times ?? 1,
      skip: options.after ?? 0,
      match: options.match,
    });
  }

  /** The fault this request gets, if any; consumes it. */
  take(query: URLSearchParams): K | undefined {
    for (const fault of this.pending) {
      if (fault.remaining <= 0 || (fault.match && !fault.match(query))) continue;
      if (fault.skip > 0) {
        fault.skip--;
        continue;
      }
      fault.remaining--;
      return fault.kind;
    }
    return undefined;
  }

  clear(): void {
    this.pending = [];
  }
}
