import type { Clock } from '../util/clock.ts';

/**
 * One queue per API: requests start no closer together than `1000 / ratePerSecond` ms.
 * A pause (after a long Retry-After) is shared by everything using the API.
 */
export class Throttle {
  private nextStart = 0;
  private chain: Promise<void> = Promise.resolve();
  private pausedUntil = 0;

  constructor(
    private readonly clock: Clock,
    private readonly ratePerSecond: number,
  ) {}

  /** Resolves when the caller may send its request. */
  acquire(): Promise<void> {
    const interval = this.ratePerSecond > 0 ? 1000 / this.ratePerSecond : 0;
    const turn = this.chain.then(async () => {
      const wait = this.nextStart - this.clock.now();
      if (wait > 0) await this.clock.sleep(wait);
      this.nextStart = this.clock.now() + interval;
    });
    this.chain = turn.catch(() => undefined);
    return turn;
  }

  pause(until: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, until);
  }

  /** When the API may be used again, or 0 when it is not paused. */
  pausedUntilMs(): number {
    return this.pausedUntil > this.clock.now() ? this.pausedUntil : 0;
  }
}
