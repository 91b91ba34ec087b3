/**
 * Ticketmaster's gateway limits and their answers: 5 requests in any second (429
 * SpikeArrest), a daily quota that resets at UTC midnight (429 QuotaViolation), and the
 * Rate-Limit-* headers every counted answer carries.
 */
import type { Context } from 'hono';
import { nextUtcMidnight } from '../concerts/time.ts';
import type { TicketmasterSimState } from './state.ts';

export interface Limits {
  /** A 429 when the spike limit or the day's quota is spent; otherwise counts the request. */
  check(c: Context, now: number): Response | undefined;
}

export function createLimits(state: TicketmasterSimState): Limits {
  const recent: number[] = [];
  let quotaDay = Math.floor(state.now() / 86_400_000);
  return {
    check(c, now) {
      while (recent.length && recent[0]! <= now - 1000) recent.shift();
      if (state.spikeLimitPerSecond > 0 && recent.length >= state.spikeLimitPerSecond) return spikeArrest(c);
      recent.push(now);
      const today = Math.floor(now / 86_400_000);
      if (today !== quotaDay) [quotaDay, state.quotaUsed] = [today, 0];
      if (state.quotaUsed >= state.dailyQuota) return quotaViolation(state, c);
      state.quotaUsed++;
      setQuotaHeaders(state, c);
      return undefined;
    },
  };
}

function setQuotaHeaders(state: TicketmasterSimState, c: Context) {
  c.header('Rate-Limit', String(state.dailyQuota));
  c.header('Rate-Limit-Available', String(Math.max(0, state.dailyQuota - state.quotaUsed)));
  c.header('Rate-Limit-Over', String(Math.max(0, state.quotaUsed - state.dailyQuota)));
  c.header('Rate-Limit-Reset', String(nextUtcMidnight(state.now())));
}

export function quotaViolation(state: TicketmasterSimState, c: Context) {
  setQuotaHeaders(state, c);
  c.header('Rate-Limit-Available', '0');
  return fault(
    c,
    429,
    'Rate limit quota violation. Quota limit  exceeded. Identifier : sim',
    'policies.ratelimit.QuotaViolation',
  );
}

export function spikeArrest(c: Context) {
  return fault(
    c,
    429,
    'Spike arrest violation. Allowed rate : 5ps',
    'policies.ratelimit.SpikeArrestViolation',
  );
}

/** The gateway's (Apigee's) error body, not the Discovery API's. */
export function fault(c: Context, status: 401 | 429, faultstring: string, errorcode: string): Response {
  return c.json({ fault: { faultstring, detail: { errorcode } } }, status);
}
