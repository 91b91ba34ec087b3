/**
 * Optional rolling-window rate limit on sim time (Spotify uses a rolling 30-second
 * window with unpublished numbers). Off unless `rateLimit` is given: most tests want
 * faults they control, benchmarks want to see what a real limit does to a design.
 */
import type { Clock } from '../../src/util/clock.ts';

export interface RateLimitOptions {
  /** Requests allowed per window, across all users of the app. */
  maxRequests: number;
  /** Default 30 000 ms. */
  windowMs?: number;
}

export type RateDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

export class RollingWindowLimiter {
  private readonly times: number[] = [];

  constructor(
    private readonly clock: Clock,
    private readonly options: RateLimitOptions,
  ) {}

  /** Counts the request if it is allowed; rejected requests do not use up the window. */
  admit(): RateDecision {
    const now = this.clock.now();
    const windowMs = this.options.windowMs ?? 30_000;
    while (this.times.length > 0 && (this.times[0] as number) <= now - windowMs) this.times.shift();
    if (this.times.length < this.options.maxRequests) {
      this.times.push(now);
      return { ok: true };
    }
    const oldest = this.times[0] as number;
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((oldest + windowMs - now) / 1000)) };
  }
}
