import { isValidTimeZone } from '../config/schema.ts';
import type { AnalyticsQuery, Metric } from './types.ts';
import { InputError } from '../util/errors.ts';

export const DEFAULT_MIN_STREAM_MS = 30_000;
export const DEFAULT_SESSION_GAP_MINUTES = 30;

/** A query the caller got wrong (bad range, unknown zone…): shown to people as is. */
export class AnalyticsQueryError extends InputError {
  readonly code = 'analytics_query';

  constructor(message: string) {
    super(message);
    this.name = 'AnalyticsQueryError';
  }
}

/** An AnalyticsQuery with every default filled in and every value checked. */
export interface ResolvedQuery {
  userId: string;
  from: Date;
  to: Date;
  timeZone: string;
  metric: Metric;
  minStreamMs: number;
  sessionGapMinutes: number;
}

/**
 * Fills defaults and validates. The numbers end up inlined in SQL (the composed dashboard
 * statement keeps its parameters in one place), so they must be plain non-negative integers.
 */
export function resolveQuery(q: AnalyticsQuery): ResolvedQuery {
  if (!q.userId) throw new AnalyticsQueryError('A user is required.');
  if (!(q.from instanceof Date) || Number.isNaN(q.from.getTime()))
    throw new AnalyticsQueryError('The start of the range is not a valid date.');
  if (!(q.to instanceof Date) || Number.isNaN(q.to.getTime()))
    throw new AnalyticsQueryError('The end of the range is not a valid date.');
  if (q.to.getTime() <= q.from.getTime())
    throw new AnalyticsQueryError('The range is empty: its end must come after its start.');
  if (!isValidTimeZone(q.timeZone))
    throw new AnalyticsQueryError(`"${q.timeZone}" is not an IANA time zone (e.g. Europe/Berlin).`);
  const metric = q.metric ?? 'plays';
  if (metric !== 'plays' && metric !== 'minutes')
    throw new AnalyticsQueryError(`Unknown metric "${String(metric)}"; use plays or minutes.`);
  return {
    userId: q.userId,
    from: q.from,
    to: q.to,
    timeZone: q.timeZone,
    metric,
    minStreamMs: checkedInteger(q.minStreamMs ?? DEFAULT_MIN_STREAM_MS, 'minStreamMs', 0, 3_600_000),
    sessionGapMinutes: checkedInteger(
      q.sessionGapMinutes ?? DEFAULT_SESSION_GAP_MINUTES,
      'sessionGapMinutes',
      1,
      24 * 60,
    ),
  };
}

export function checkedInteger(value: number, name: string, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max)
    throw new AnalyticsQueryError(`${name} must be a whole number from ${min} to ${max}.`);
  return value;
}
