/** What every GCS simulator route shares: the JSON API's error shape, object lookup and preconditions. */
import type { Context } from 'hono';
import type { GcsSimState, StoredObject } from './objects.ts';

export function record(state: GcsSimState, c: Context, status: number): void {
  state.requests.push({ method: c.req.method, path: c.req.path, query: c.req.query(), status });
}

export function bucketOf(path: string): string | undefined {
  const match = /^\/(?:upload\/|download\/)?storage\/v1\/b\/([^/]+)/.exec(path);
  return match ? decodeURIComponent(match[1]!) : undefined;
}

export function findObject(state: GcsSimState, c: Context): StoredObject | Response {
  const bucket = c.req.param('bucket') ?? '';
  const objects = state.buckets.get(bucket);
  if (!objects) return noBucket(c, bucket);
  // The object name is the rest of the raw path, percent-encoded (slashes as %2F).
  const raw = new URL(c.req.url).pathname.split('/o/').slice(1).join('/o/');
  const name = decodeURIComponent(raw);
  const found = objects.get(name);
  if (!found) return apiError(c, 404, `No such object: ${bucket}/${name}`, 'notFound');
  return found;
}

/** ifGenerationMatch (0 = must not exist) and ifGenerationNotMatch, as GCS applies them. */
export function preconditionFailure(
  c: Context,
  existing: StoredObject | undefined,
  query: Record<string, string> = c.req.query(),
): Response | undefined {
  const current = existing?.generation ?? 0;
  const match = query.ifGenerationMatch;
  const notMatch = query.ifGenerationNotMatch;
  const failed =
    (match !== undefined && Number(match) !== current) ||
    (notMatch !== undefined && Number(notMatch) === current);
  if (!failed) return undefined;
  return apiError(
    c,
    412,
    'At least one of the pre-conditions you specified did not hold.',
    'conditionNotMet',
  );
}

export function noBucket(c: Context, bucket: string): Response {
  return apiError(c, 404, `The specified bucket does not exist: ${bucket}`, 'notFound');
}

export function apiError(c: Context, status: number, message: string, reason: string): Response {
  return c.json(
    { error: { code: status, message, errors: [{ message, domain: 'global', reason }] } },
    status as 400,
  );
}
