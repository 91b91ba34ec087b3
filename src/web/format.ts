import { formatCount } from '../util/numbers.ts';

/** Formatting for pages: numbers with separators, minutes as hours, dates in the user's zone. */

export function formatInt(n: number | null | undefined): string {
  return n === null || n === undefined || Number.isNaN(n) ? '—' : formatCount(n);
}

/** 1234.5 minutes → "20 h 35 min"; below an hour just minutes. */
export function formatMinutes(minutes: number | null | undefined): string {
  if (minutes === null || minutes === undefined) return '—';
  const m = Math.round(minutes);
  // No-break spaces keep each number with its unit, so a narrow card wraps "166 h" / "33 min".
  if (m < 60) return `${m}\u00a0min`;
  return `${formatCount(Math.floor(m / 60))}\u00a0h ${m % 60}\u00a0min`;
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
