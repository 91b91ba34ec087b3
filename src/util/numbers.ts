/**
 * The one number formatter for people, on the web and in the terminal: thousands grouped
 * with commas ("12,345", "1,234.5"). Grouped by hand rather than with toLocaleString so
 * that neither the machine's locale nor Node's ICU build can change what is printed.
 */

const GROUPS = /\B(?=(\d{3})+(?!\d))/g;

function group(digits: string): string {
  return digits.replace(GROUPS, ',');
}

/** A count, rounded to a whole number: 12345 → "12,345", -1234.6 → "-1,235". */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const whole = Math.round(n);
  return `${whole < 0 ? '-' : ''}${group(String(Math.abs(whole)))}`;
}

/** A number with a fixed count of decimals: (1234.56, 1) → "1,234.6". */
export function formatDecimal(n: number, digits: number): string {
  if (!Number.isFinite(n)) return String(n);
  const [whole = '', fraction] = Math.abs(n).toFixed(digits).split('.');
  const negative = n < 0 && Number(Math.abs(n).toFixed(digits)) !== 0;
  return `${negative ? '-' : ''}${group(whole)}${fraction ? `.${fraction}` : ''}`;
}

/** Any number as it is, its whole part grouped: 12345 → "12,345", 0.25 → "0.25". */
export function formatNumber(n: number): string {
  if (Number.isInteger(n)) return formatCount(n);
  const text = String(n);
  if (!/^-?\d+\.\d+$/.test(text)) return text; // exponent notation: leave it alone
  const [whole = '', fraction = ''] = text.replace('-', '').split('.');
  return `${n < 0 ? '-' : ''}${group(whole)}.${fraction}`;
}
