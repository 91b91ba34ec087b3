/**
 * Tolerant field readers for export rows. Exports from different years carry different
 * field sets and any field may be null, missing or of an unexpected type; a field that
 * cannot be read becomes null rather than failing the row. Rows are refused only for what
 * a play cannot do without (a time, an identity) — see the format readers.
 *
 * Hand-written rather than a zod schema per row: a million rows go through here on every
 * import, and "wrong type → null" is the rule for every optional field anyway.
 */

export type Fields = Record<string, unknown>;

export function isRecord(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A non-empty trimmed string, or null. Empty strings carry no information in any export. */
export function text(value: unknown): string | null {
  if (typeof value !== 'string') return typeof value === 'number' ? String(value) : null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

/** A boolean from true/false, 1/0 or "true"/"false"; anything else is unknown (null). */
export function flag(value: unknown): boolean | null {
  if (typeof value === 'boolean') return value;
  if (value === 1 || value === '1' || value === 'true' || value === 'True') return true;
  if (value === 0 || value === '0' || value === 'false' || value === 'False') return false;
  return null;
}

/** Largest value a plays.ms_played INTEGER column holds (about 24.8 days). */
const INT32_MAX = 2_147_483_647;

export type MsResult = { ok: true; value: number | null } | { ok: false; why: string };

/** A play length in ms: missing is fine (null), but a negative or oversized length refuses the row. */
export function msPlayed(value: unknown, field: string): MsResult {
  if (value === null || value === undefined || value === '') return { ok: true, value: null };
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
  if (!Number.isFinite(n)) return { ok: false, why: `${field} is not a number` };
  if (n < 0) return { ok: false, why: `${field} is negative (${n})` };
  if (n > INT32_MAX) return { ok: false, why: `${field} is implausibly large (${n})` };
  return { ok: true, value: Math.round(n) };
}

/** Spotify launched in 2006; earlier times come from devices with a broken clock. */
const EARLIEST_PLAY_MS = Date.UTC(2006, 0, 1);
/** A play may end at most this far after "now" (clock skew between devices and this machine). */
export const FUTURE_TOLERANCE_MS = 24 * 60 * 60 * 1000;

export type TimeResult = { ok: true; ms: number } | { ok: false; why: string };

/** Checks that a parsed end-of-play time is plausible: after 2006, not beyond now + 1 day. */
export function plausibleTime(ms: number, field: string, nowMs: number): TimeResult {
  if (!Number.isFinite(ms)) return { ok: false, why: `${field} is not a valid time` };
  if (ms < EARLIEST_PLAY_MS)
    return { ok: false, why: `${field} is before 2006 (${new Date(ms).toISOString()})` };
  if (ms > nowMs + FUTURE_TOLERANCE_MS) {
    return { ok: false, why: `${field} is in the future (${new Date(ms).toISOString()})` };
  }
  return { ok: true, ms };
}

/** ISO-8601 with an explicit zone (the extended export's `ts`, encore's own exports). */
export function isoTime(value: unknown, field: string, nowMs: number): TimeResult {
  if (value === null || value === undefined || value === '') return { ok: false, why: `${field} is missing` };
  if (typeof value === 'number') return plausibleTime(value, field, nowMs);
  if (value instanceof Date) return plausibleTime(value.getTime(), field, nowMs);
  if (typeof value !== 'string') return { ok: false, why: `${field} is not a time` };
  // Without a zone Date.parse would read local time; every format here is UTC.
  const zoned = /(Z|[+-]\d{2}(:?\d{2})?)$/.test(value) ? value : `${value}Z`;
  return plausibleTime(Date.parse(zoned), field, nowMs);
}

const ACCOUNT_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/;

/** The account-data `endTime`: "YYYY-MM-DD HH:MM", UTC without a zone, minute resolution. */
export function accountTime(value: unknown, field: string, nowMs: number): TimeResult {
  if (typeof value !== 'string' || value.trim() === '') return { ok: false, why: `${field} is missing` };
  const m = ACCOUNT_TIME.exec(value.trim());
  if (!m) return { ok: false, why: `${field} is not "YYYY-MM-DD HH:MM" (${value.slice(0, 40)})` };
  const [, y, mo, d, h, mi, s] = m.map(Number) as number[];
  const sec = Number.isFinite(s) ? s! : 0;
  if (mo! < 1 || mo! > 12 || d! < 1 || d! > 31 || h! > 23 || mi! > 59 || sec > 59) {
    return { ok: false, why: `${field} is not a valid time (${value.slice(0, 40)})` };
  }
  return plausibleTime(Date.UTC(y!, mo! - 1, d!, h!, mi!, sec), field, nowMs);
}
