/**
 * The date window of a sync: `--window 90d`, or `--from 2026-12-01 --to 2027-01-31`.
 * Dates are calendar days in UTC; a `--to` day is included up to its last second.
 */
import { PlaceInputError } from './errors.ts';
import type { FetchWindow } from './types.ts';

export const DEFAULT_WINDOW_DAYS = 90;
const MAX_WINDOW_DAYS = 365;
const DAY_MS = 86_400_000;

/** `90d`, `12w` or a bare `90` (days) → days. */
export function parseWindow(input: string | number): number {
  const text = String(input).trim().toLowerCase();
  const match = /^(\d+)\s*(d|day|days|w|week|weeks)?$/.exec(text);
  if (!match) throw new PlaceInputError(`Window must look like 90d or 12w (got "${input}").`);
  const days = Number(match[1]) * (match[2]?.startsWith('w') ? 7 : 1);
  if (days < 1 || days > MAX_WINDOW_DAYS) {
    throw new PlaceInputError(`Window must be between 1 and ${MAX_WINDOW_DAYS} days (got "${input}").`);
  }
  return days;
}

/** `2026-12-01` → that day at 00:00 UTC. Rejects other shapes and days that do not exist. */
export function parseDate(input: string): Date {
  const text = input.trim();
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) throw new PlaceInputError(`Date must look like 2026-12-01 (got "${input}").`);
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
    throw new PlaceInputError(`${text} is not a real date.`);
  }
  return date;
}

export interface WindowInput {
  window?: string | number;
  from?: string;
  to?: string;
}

/** The window a sync reads: from `--from` (default now) to `--to` or `--window` later (default 90 days). */
export function resolveWindow(input: WindowInput, now: Date): FetchWindow {
  if (input.window !== undefined && input.to !== undefined) {
    throw new PlaceInputError('Give either --window or --to, not both.');
  }
  const from = input.from === undefined ? now : parseDate(input.from);
  const to =
    input.to === undefined
      ? new Date(from.getTime() + parseWindow(input.window ?? DEFAULT_WINDOW_DAYS) * DAY_MS)
      : new Date(parseDate(input.to).getTime() + DAY_MS - 1000);
  if (to.getTime() <= from.getTime()) {
    throw new PlaceInputError(
      `The end of the window (${input.to}) must come after its start (${from.toISOString().slice(0, 10)}).`,
    );
  }
  if (to.getTime() - from.getTime() > MAX_WINDOW_DAYS * DAY_MS) {
    throw new PlaceInputError(`The window may span at most ${MAX_WINDOW_DAYS} days.`);
  }
  return { from, to };
}
