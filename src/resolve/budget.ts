import type { CallCounter } from '../http/index.ts';

/** No Spotify call is left in this run's budget. */
export class BudgetSpentError extends Error {
  constructor(readonly limit: number) {
    super(`the budget of ${limit} Spotify call(s) is used up`);
    this.name = 'BudgetSpentError';
  }
}

/**
 * The Spotify calls one resolve run may make. It reads the call counter of resolve's own
 * Spotify queue, so every attempt the HTTP layer makes (retries included) is counted;
 * a lookup starts only while at least one call is left.
 */
export class SpotifyBudget {
  private readonly base: number;

  constructor(
    readonly limit: number,
    private readonly counter: CallCounter,
  ) {
    this.base = counter.total('spotify');
  }

  used(): number {
    return this.counter.total('spotify') - this.base;
  }

  remaining(): number {
    return Math.max(0, this.limit - this.used());
  }

  /** Call before each Spotify lookup. */
  take(): void {
    if (this.remaining() <= 0) throw new BudgetSpentError(this.limit);
  }
}
