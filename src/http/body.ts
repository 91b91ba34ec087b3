/** Request and response bodies: JSON or form encoding out, parsing (and zod validation) back in. */
import type { ZodType } from 'zod';
import { InvalidResponseError } from './errors.ts';

/** The body and its Content-Type: JSON when `json` is set, else a form, else none. */
export function encodeBody(req: { json?: unknown; form?: Record<string, string> }): {
  contentType?: string;
  body?: string;
} {
  if (req.json !== undefined) return { contentType: 'application/json', body: JSON.stringify(req.json) };
  if (req.form)
    return {
      contentType: 'application/x-www-form-urlencoded',
      body: new URLSearchParams(req.form).toString(),
    };
  return {};
}

/** JSON if it parses, else undefined: for error bodies, which are not validated. */
export function parseLenient(text: string): unknown {
  try {
    return text.trim() ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

/** Parses and validates a success body; HTML or a schema mismatch throws InvalidResponseError. */
export function parseBody<T>(
  api: string,
  endpoint: string,
  text: string,
  schema: ZodType<T> | undefined,
): T | undefined {
  if (!text.trim()) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new InvalidResponseError(
      api,
      endpoint,
      /^\s*</.test(text) ? 'an HTML page instead of JSON' : 'malformed JSON',
      text,
    );
  }
  if (!schema) return parsed as T;
  const result = schema.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new InvalidResponseError(
      api,
      endpoint,
      `${issue?.path.join('.') || 'body'}: ${issue?.message}`,
      text,
    );
  }
  return result.data;
}
