import { dateRange, type InstantRange, lastDaysRange, yearRange } from '../analytics/index.ts';
import { localDay } from '../util/zones.ts';

const LABELS: Record<string, string> = {
  year: 'this year',
  all: 'all time',
};

/**
 * A range given by name (`30d`, `365d`, any `<n>d`, `year`, `all`), ending today in the
 * user's zone; `all` starts at the first stored play. Undefined for anything else.
 */
export function namedRange(
  name: string,
  nowMs: number,
  timeZone: string,
  firstPlayMs: number | null,
): { range: InstantRange; label: string } | undefined {
  const days = /^(\d{1,5})d$/.exec(name);
  if (days && Number(days[1]) >= 1)
    return { range: lastDaysRange(Number(days[1]), nowMs, timeZone), label: `last ${days[1]} days` };
  const today = localDay(nowMs, timeZone);
  if (name === 'year') return { range: yearRange(Number(today.slice(0, 4)), timeZone), label: LABELS.year! };
  if (name === 'all')
    return {
      range: dateRange(localDay(firstPlayMs ?? nowMs, timeZone), today, timeZone),
      label: LABELS.all!,
    };
  return undefined;
}
