import { formatCount } from '../util/numbers.ts';

/** Formatting for pages: numbers with separators, minutes as hours, dates in the user's zone. */

export function formatInt(n: number | null | undefined): string {
  return n === null || n === undefined || Number.isNaN(n) ? '—' : formatCount(n);
}

/**
 * The one duration format of the pages: 9993 minutes → "166 h 33 min", 125 → "2 h 5 min",
 * 120 → "2 h", 45 → "45 min" (rounded to the minute).
 */
export function formatMinutes(minutes: number | null | undefined): string {
  if (minutes === null || minutes === undefined || !Number.isFinite(minutes)) return '—';
  const m = Math.max(0, Math.round(minutes));
  // No-break spaces keep each number with its unit, so a narrow card wraps "166 h" / "33 min".
  if (m < 60) return `${m}\u00a0min`;
  const hours = `${formatCount(Math.floor(m / 60))}\u00a0h`;
  return m % 60 ? `${hours} ${m % 60}\u00a0min` : hours;
}

export function parseIsoDay(value: string | undefined): string | undefined {
  return value && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value)) ? value : undefined;
}

/** Whole positive integer from a query parameter, clamped; the fallback otherwise. */
export function intParam(value: string | undefined, fallback: number, min: number, max: number): number {
  const n = Number(value);
  if (!value || !Number.isInteger(n)) return fallback;
  return Math.min(max, Math.max(min, n));
}
