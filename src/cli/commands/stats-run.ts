import {
  AnalyticsQueryError,
  type Bucket,
  dateRange,
  type InstantRange,
  loadDashboard,
  loadYearInReview,
  type Metric,
  parseRangeSpec,
  yearRange,
} from '../../analytics/index.ts';
import { firstPlayAt } from '../../analytics/play-span.ts';
import { namedRange } from '../named-range.ts';
import { RANGE_NAMES } from '../range-names.ts';
import type { AppContext } from '../../app/context.ts';
import { commandUser } from '../user.ts';
import { UsageError } from '../run.ts';
import { formatStats } from '../stats-format.ts';
import { localDay } from '../../util/zones.ts';

export interface StatsOptions {
  user?: string;
  range?: string;
  from?: string;
  to?: string;
  json?: boolean;
  metric: string;
  minStream: string;
  gap: string;
  bucket?: string;
  limit: string;
}

/** `encore stats`: the figures of one range, as a report or JSON. */
export async function runStats(ctx: AppContext, opts: StatsOptions): Promise<void> {
  // Demo mode shows months of simulated listening (added once per demo account).
  if (ctx.config.demo) await (await import('../../app/demo/history.ts')).addDemoHistory(ctx);
  const user = await commandUser(ctx, opts.user);
  const timeZone = user.time_zone ?? ctx.config.timeZone;
  const today = localDay(ctx.clock.now(), timeZone);
  const named = opts.range
    ? namedRange(opts.range, ctx.clock.now(), timeZone, await firstPlayAt(ctx.db, user.user_id))
    : undefined;
  if (named && (opts.from || opts.to)) throw new UsageError('Use either --range or --from/--to, not both.');
  const chosen = named ?? chooseRange(opts, timeZone, today);
  const { label } = chosen;
  const range = untilToday(chosen.range, today, timeZone);
  const query = {
    userId: user.user_id,
    timeZone,
    ...range,
    metric: oneOf(opts.metric, ['plays', 'minutes'], '--metric') as Metric,
    minStreamMs: wholeNumber(opts.minStream, '--min-stream') * 1000,
    sessionGapMinutes: wholeNumber(opts.gap, '--gap'),
  };
  const bucket = opts.bucket
    ? (oneOf(opts.bucket, ['day', 'week', 'month'], '--bucket') as Bucket)
    : defaultBucket(range);
  const [dashboard, review] = [
    await loadDashboard(ctx.db, query, { bucket, limit: wholeNumber(opts.limit, '--limit') }),
    await loadYearInReview(ctx.db, query),
  ];
  console.log(
    opts.json ? JSON.stringify({ dashboard, review }, null, 2) : formatStats(dashboard, review, label),
  );
}

/** The range from the options, in the user's zone; a readable label for the heading. */
export function chooseRange(
  opts: Pick<StatsOptions, 'range' | 'from' | 'to'>,
  timeZone: string,
  today: string,
): { range: InstantRange; label: string } {
  try {
    if (opts.range && (opts.from || opts.to))
      throw new UsageError('Use either --range or --from/--to, not both.');
    if (opts.to && !opts.from) throw new UsageError('--to needs --from.');
    if (opts.range) return { range: parseRangeSpec(opts.range, timeZone), label: opts.range };
    if (opts.from) {
      const to = opts.to ?? today;
      return { range: dateRange(opts.from, to, timeZone), label: `${opts.from} – ${to}` };
    }
    const year = Number(today.slice(0, 4));
    return { range: yearRange(year, timeZone), label: String(year) };
  } catch (error) {
    // A --range that is neither a spec nor a name: say which names there are.
    if (opts.range && error instanceof AnalyticsQueryError)
      throw new UsageError(`${error.message} Or a range name: ${RANGE_NAMES.join(', ')} (any <n>d).`);
    throw error;
  }
}

/**
 * A range reaching into the future stops at the end of today: no empty future buckets,
 * and "current streak" means today's.
 */
function untilToday(range: InstantRange, today: string, timeZone: string): InstantRange {
  const endOfToday = dateRange(today, today, timeZone).to;
  if (range.to.getTime() <= endOfToday.getTime() || range.from.getTime() >= endOfToday.getTime())
    return range;
  return { from: range.from, to: endOfToday };
}

function defaultBucket(range: InstantRange): Bucket {
  const days = (range.to.getTime() - range.from.getTime()) / 86_400_000;
  return days <= 45 ? 'day' : days <= 190 ? 'week' : 'month';
}

function wholeNumber(value: string, option: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n))
    throw new UsageError(`${option} must be a whole number, got "${value}".`);
  return n;
}

function oneOf(value: string, allowed: string[], option: string): string {
  if (!allowed.includes(value))
    throw new UsageError(`${option} must be one of ${allowed.join(', ')}, got "${value}".`);
  return value;
}
