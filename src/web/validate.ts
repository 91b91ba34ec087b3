import { validator } from 'hono/validator';
import { z } from 'zod';

/**
 * Route input through `hono/validator` and zod. The schemas of the pages are lenient on
 * purpose: a bad value falls back to a default (and the page says so where it matters), so
 * parsing never fails and a wrong query string never costs a page. Values are read as the
 * routes always read them: a repeated query key counts once (its first value), a repeated
 * form field by its last value, and anything but text (a file in a form) as missing.
 */
export const field = z
  .unknown()
  .transform((v) => (typeof v === 'string' ? v : undefined))
  .optional();

type Raw = Record<string, unknown>;

function oneEach(value: Raw, pick: 'first' | 'last'): Raw {
  const out: Raw = {};
  for (const [key, v] of Object.entries(value))
    out[key] = Array.isArray(v) ? (pick === 'first' ? v[0] : v[v.length - 1]) : v;
  return out;
}

export function validQuery<S extends z.ZodType>(schema: S) {
  return validator('query', (value): z.output<S> => schema.parse(oneEach(value, 'first')));
}

export function validForm<S extends z.ZodType>(schema: S) {
  return validator('form', (value): z.output<S> => schema.parse(oneEach(value, 'last')));
}

export function validParams<S extends z.ZodType>(schema: S) {
  return validator('param', (value): z.output<S> => schema.parse(value));
}

/** What the range form sends (range-picker.ts reads it; shown_* tell typed dates from drawn ones). */
export const rangeFields = {
  range: field,
  from: field,
  to: field,
  metric: field,
  bucket: field,
  shown_from: field,
  shown_to: field,
};
export type RangeQuery = Partial<Record<keyof typeof rangeFields, string>>;
