/**
 * Dates in a year in review read as people say them ("March", "2 March", "2 March, 19:57"),
 * in English like the rest of the pages and the same on every machine (no locale lookup).
 */
export const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** "2026-03" or "2026-03-01" → "March" (with the year when asked: "March 2026"). */
export function monthName(value: string, withYear = false): string {
  const [year, month] = value.split('-');
  const name = MONTHS[Number(month) - 1];
  if (!name) return value;
  return withYear ? `${name} ${year}` : name;
}

/** "2026-03-02" → "2 March"; "2026-03-02 19:57" → "2 March, 19:57". */
export function dayName(value: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}:\d{2}))?$/.exec(value);
  const name = match && MONTHS[Number(match[2]) - 1];
  if (!match || !name) return value;
  const day = `${Number(match[3])} ${name}`;
  return match[4] ? `${day}, ${match[4]}` : day;
}

/** Two local dates as a span: "10 – 11 January", "28 February – 3 March". */
export function daySpan(first: string, last: string): string {
  if (first === last) return dayName(first);
  if (first.slice(0, 7) === last.slice(0, 7)) return `${Number(first.slice(8, 10))} – ${dayName(last)}`;
  return `${dayName(first)} – ${dayName(last)}`;
}
