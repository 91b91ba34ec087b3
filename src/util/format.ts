/** Formatting for people: times in their zone, durations as m:ss. */
import { InputError } from './errors.ts';

export function formatLocalTime(ms: number, timeZone: string, withDate = true): string {
  const options: Intl.DateTimeFormatOptions = withDate
    ? {
        timeZone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      }
    : { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', options).formatToParts(new Date(ms)).map((p) => [p.type, p.value]),
  );
  return withDate
    ? `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`
    : `${parts.hour}:${parts.minute}`;
}

export function formatDate(ms: number, timeZone: string): string {
  return formatLocalTime(ms, timeZone).slice(0, 10);
}

export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '';
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** A duration such as `--since 2d` that cannot be read. */
export class DurationInputError extends InputError {
  readonly code = 'duration_input';
}

/** "5m", "2h", "3d", "1w" → milliseconds; throws a readable error otherwise. */
export function parseSince(value: string): number {
  const match = /^(\d+)\s*(m|min|h|d|w)$/i.exec(value.trim());
  if (!match) throw new DurationInputError(`"${value}" is not a duration; use e.g. 30m, 12h, 2d or 1w.`);
  const n = Number(match[1]);
  const unit = match[2]!.toLowerCase();
  const factor =
    unit === 'w' ? 7 * 86_400_000 : unit === 'd' ? 86_400_000 : unit === 'h' ? 3_600_000 : 60_000;
  return n * factor;
}

export function relative(ms: number, now: number): string {
  const diff = ms - now;
  const abs = Math.abs(diff);
  const text =
    abs < 60_000
      ? `${Math.round(abs / 1000)}s`
      : abs < 3_600_000
        ? `${Math.round(abs / 60_000)} min`
        : `${(abs / 3_600_000).toFixed(1)} h`;
  return diff >= 0 ? `in ${text}` : `${text} ago`;
}
