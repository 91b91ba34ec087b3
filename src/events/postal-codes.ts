/**
 * Postal code formats, so that a typo is caught when the place is added rather than
 * showing up later as a place without shows. Countries not listed get a loose check.
 */

interface PostalFormat {
  pattern: RegExp;
  example: string;
}

/** What the code must look like (upper case, single spaces), per ISO country code. */
const FORMATS: Record<string, PostalFormat> = {
  US: {
    pattern: /^\d{5}(-\d{4})?$/,
    example: 'a 5-digit ZIP code such as 14202, or ZIP+4 such as 14202-1234',
  },
  CA: {
    pattern: /^[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z] \d[ABCEGHJ-NPRSTV-Z]\d$/,
    example: 'A1A 1A1, such as M5V 3L9',
  },
  GB: { pattern: /^[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}$/, example: 'a postcode such as SW1A 1AA' },
  DE: { pattern: /^\d{5}$/, example: '5 digits, such as 10115' },
  FR: { pattern: /^\d{5}$/, example: '5 digits, such as 75001' },
  ES: { pattern: /^\d{5}$/, example: '5 digits, such as 28013' },
  IT: { pattern: /^\d{5}$/, example: '5 digits, such as 00184' },
  MX: { pattern: /^\d{5}$/, example: '5 digits, such as 06000' },
  NL: { pattern: /^\d{4} [A-Z]{2}$/, example: '4 digits and 2 letters, such as 1012 AB' },
  AU: { pattern: /^\d{4}$/, example: '4 digits, such as 2000' },
  NZ: { pattern: /^\d{4}$/, example: '4 digits, such as 6011' },
  IE: { pattern: /^[A-Z]\d[\dW] [A-Z\d]{4}$/, example: 'an Eircode such as D02 X285' },
  JP: { pattern: /^\d{3}-\d{4}$/, example: '3 + 4 digits, such as 100-0001' },
  BR: { pattern: /^\d{5}-\d{3}$/, example: '5 + 3 digits, such as 01310-100' },
  SE: { pattern: /^\d{3} \d{2}$/, example: '3 + 2 digits, such as 111 22' },
};

const LOOSE: PostalFormat = {
  pattern: /^[A-Z0-9][A-Z0-9 -]{1,9}$/,
  example: 'letters and digits such as SW1A 1AA',
};

/**
 * The code in its usual spelling (upper case; the space of CA, GB, NL, IE and SE codes
 * added when it was left out), or an error message saying what was expected.
 */
export function checkPostalCode(input: string, countryCode: string): { code: string } | { error: string } {
  const format = FORMATS[countryCode] ?? LOOSE;
  const code = withUsualSpace(input.trim().toUpperCase().replace(/\s+/g, ' '), countryCode);
  if (format.pattern.test(code)) return { code };
  const where = FORMATS[countryCode] && countryCode !== 'US' ? ` for ${countryCode}` : '';
  return { error: `Malformed postal code "${input}"${where}: expected ${format.example}.` };
}

/** "SW1A1AA" → "SW1A 1AA", "1012AB" → "1012 AB", "D02X285" → "D02 X285": the space where the country puts it. */
function withUsualSpace(code: string, countryCode: string): string {
  if (code.includes(' ')) return code;
  if (countryCode === 'IE') return code.length === 7 ? `${code.slice(0, 3)} ${code.slice(3)}` : code;
  if (countryCode === 'CA' || countryCode === 'GB')
    return code.length > 4 ? `${code.slice(0, -3)} ${code.slice(-3)}` : code;
  if (countryCode === 'NL' || countryCode === 'SE')
    return code.length > 4 ? `${code.slice(0, -2)} ${code.slice(-2)}` : code;
  return code;
}
