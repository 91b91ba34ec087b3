/**
 * The Cloud Storage JSON API subset `@google-cloud/storage` uses: bucket get, object
 * insert (media, multipart and resumable sessions), metadata, download, list, delete, and
 * the generation preconditions that make optimistic locking work (412 when they fail).
 * Faults on demand: 403 per bucket (a missing IAM role) and injected 5xx; and an upload
 * held until released, so a test can make two writers overlap exactly.
 */
import { randomUUID } from 'node:crypto';
import { type Context, Hono } from 'hono';
import { type GcsSimState, objectResource, type StoredObject } from './objects.ts';
import { parseMultipartRelated } from './multipart.ts';

interface UploadSession {
  bucket: string;
  name: string;
  contentType: string;
  metadata: Record<string, string>;
  query: Record<string, string>;
  chunks: Buffer[];
  received: number;
}

export function createGcsSimApp(state: GcsSimState): Hono {
  const app = new Hono();
  const sessions = new Map<string, UploadSession>();

  app.use('*', async (c, next) => {
    if (c.req.method === 'POST' && c.req.path.startsWith('/upload/')) {
      const hold = state.holds.shift();
      if (hold) {
        hold.arrived();
        await hold.released;
      }
    }
    const fault = state.faults[0];
    const bucket = bucketOf(c.req.path);
    if (fault) {
      fault.remaining -= 1;
      if (fault.remaining <= 0) state.faults.shift();
      record(state, c, fault.status);
      return apiError(c, fault.status, 'The service is currently unavailable (simulated).', 'backendError');
    }
    if (bucket && state.denied.has(bucket)) {
      record(state, c, 403);
      return apiError(
        c,
        403,
        `encore@sim.iam.gserviceaccount.com does not have storage.objects.get access to the Google Cloud Storage bucket ${bucket}. Permission 'storage.objects.get' denied on resource (or it may not exist).`,
        'forbidden',
      );
    }
    await next();
    record(state, c, c.res.status);
  });

  app.get('/storage/v1/b/:bucket', (c) => {
    const name = c.req.param('bucket');
    if (!state.buckets.has(name)) return noBucket(c, name);
    return c.json({ kind: 'storage#bucket', id: name, name, location: 'US', storageClass: 'STANDARD' });
  });

  app.get('/storage/v1/b/:bucket/o', (c) => {
    const objects = state.buckets.get(c.req.param('bucket'));
    if (!objects) return noBucket(c, c.req.param('bucket'));
    const prefix = c.req.query('prefix') ?? '';
    const max = Math.min(Number(c.req.query('maxResults') ?? 1000) || 1000, 1000);
    const after = c.req.query('pageToken')
      ? Buffer.from(c.req.query('pageToken')!, 'base64url').toString()
      : '';
    const names = [...objects.keys()].filter((n) => n.startsWith(prefix) && n > after).sort();
    const page = names.slice(0, max);
    const origin = new URL(c.req.url).origin;
    return c.json({
      kind: 'storage#objects',
      items: page.map((n) => objectResource(origin, objects.get(n)!)),
      ...(names.length > max ? { nextPageToken: Buffer.from(page.at(-1)!).toString('base64url') } : {}),
    });
  });

  const readObject = (c: Context, media: boolean) => {
    const found = findObject(state, c);
    if (found instanceof Response) return found;
    const failed = preconditionFailure(c, found);
    if (failed) return failed;
    if (media || c.req.query('alt') === 'media') {
      const meta = objectResource(new URL(c.req.url).origin, found);
      return c.body(new Uint8Array(found.data), 200, {
        'content-type': found.contentType,
        'x-goog-generation': String(found.generation),
        'x-goog-hash': `crc32c=${String(meta.crc32c)},md5=${String(meta.md5Hash)}`,
        'x-goog-stored-content-encoding': 'identity',
        'x-goog-stored-content-length': String(found.data.length),
      });
    }
    return c.json(objectResource(new URL(c.req.url).origin, found));
  };
  app.get('/storage/v1/b/:bucket/o/*', (c) => readObject(c, false));
  app.get('/download/storage/v1/b/:bucket/o/*', (c) => readObject(c, true));

  app.delete('/storage/v1/b/:bucket/o/*', (c) => {
    const found = findObject(state, c);
    if (found instanceof Response) return found;
    const failed = preconditionFailure(c, found);
    if (failed) return failed;
    state.buckets.get(found.bucket)!.delete(found.name);
    return c.body(null, 204);
  });

  app.post('/upload/storage/v1/b/:bucket/o', async (c) => {
    const bucket = c.req.param('bucket');
    if (!state.buckets.has(bucket)) return noBucket(c, bucket);
    const query = c.req.query();
    const body = Buffer.from(await c.req.arrayBuffer());
    const type = query.uploadType;
    if (type === 'media') {
      if (!query.name) return apiError(c, 400, 'Required parameter: name', 'required');
      const contentType = c.req.header('content-type') ?? 'application/octet-stream';
      return commit(c, { bucket, name: query.name, contentType, metadata: {}, query }, body);
    }
    if (type === 'multipart') {
      const parts = parseMultipartRelated(c.req.header('content-type') ?? '', body);
      if (!parts) return apiError(c, 400, 'Malformed multipart body.', 'invalid');
      const meta = parseMeta(parts.metadata);
      const name = meta.name ?? query.name;
      if (!name) return apiError(c, 400, 'Required parameter: name', 'required');
      const contentType = meta.contentType ?? parts.mediaType ?? 'application/octet-stream';
      return commit(c, { bucket, name, contentType, metadata: meta.metadata, query }, parts.media);
    }
    if (type === 'resumable') {
      const meta = parseMeta(body.toString('utf8'));
      const name = meta.name ?? query.name;
      if (!name) return apiError(c, 400, 'Required parameter: name', 'required');
      const failed = preconditionFailure(c, state.buckets.get(bucket)!.get(name));
      if (failed) return failed;
      const id = randomUUID();
      const contentType =
        meta.contentType ?? c.req.header('x-upload-content-type') ?? 'application/octet-stream';
      sessions.set(id, {
        bucket,
        name,
        contentType,
        metadata: meta.metadata,
        query,
        chunks: [],
        received: 0,
      });
      const origin = new URL(c.req.url).origin;
      const location = `${origin}/upload/storage/v1/b/${encodeURIComponent(bucket)}/o?uploadType=resumable&upload_id=${id}`;
      return c.body(null, 200, { location });
    }
    return apiError(c, 400, `Unsupported uploadType "${type ?? ''}".`, 'invalid');
  });

  app.put('/upload/storage/v1/b/:bucket/o', async (c) => {
    const session = sessions.get(c.req.query('upload_id') ?? '');
    if (!session) return apiError(c, 404, 'No such upload session.', 'notFound');
    const body = Buffer.from(await c.req.arrayBuffer());
    const range = parseContentRange(c.req.header('content-range') ?? '');
    if (!range) return apiError(c, 400, 'Malformed Content-Range.', 'invalid');
    if (range.start !== null && range.start !== session.received && body.length > 0)
      return apiError(c, 400, `Expected the chunk at byte ${session.received}.`, 'invalid');
    if (body.length > 0) {
      session.chunks.push(body);
      session.received += body.length;
    }
    const final = range.total !== null ? session.received >= range.total : range.end === null;
    if (!final) {
      // 308 "Resume Incomplete": the Range header tells the client what arrived.
      const headers: Record<string, string> =
        session.received > 0 ? { range: `bytes=0-${session.received - 1}` } : {};
      return c.body(null, 308, headers);
    }
    sessions.delete(c.req.query('upload_id')!);
    return commit(c, session, Buffer.concat(session.chunks));
  });

  const commit = (
    c: Context,
    upload: Pick<UploadSession, 'bucket' | 'name' | 'contentType' | 'metadata' | 'query'>,
    data: Buffer,
  ) => {
    const objects = state.buckets.get(upload.bucket);
    if (!objects) return noBucket(c, upload.bucket);
    const failed = preconditionFailure(c, objects.get(upload.name), upload.query);
    if (failed) return failed;
    const stored: StoredObject = {
      name: upload.name,
      bucket: upload.bucket,
      generation: state.nextGeneration(),
      contentType: upload.contentType,
      data,
      metadata: upload.metadata,
      created: new Date().toISOString(),
    };
    objects.set(upload.name, stored);
    return c.json(objectResource(new URL(c.req.url).origin, stored));
  };

  app.notFound((c) => apiError(c, 404, `Not Found: ${c.req.method} ${c.req.path}`, 'notFound'));
  return app;
}

function record(state: GcsSimState, c: Context, status: number): void {
  state.requests.push({ method: c.req.method, path: c.req.path, query: c.req.query(), status });
}

function bucketOf(path: string): string | undefined {
  const match = /^\/(?:upload\/|download\/)?storage\/v1\/b\/([^/]+)/.exec(path);
  return match ? decodeURIComponent(match[1]!) : undefined;
}

function findObject(state: GcsSimState, c: Context): StoredObject | Response {
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
function preconditionFailure(
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

function noBucket(c: Context, bucket: string): Response {
  return apiError(c, 404, `The specified bucket does not exist: ${bucket}`, 'notFound');
}

function apiError(c: Context, status: number, message: string, reason: string): Response {
  return c.json(
    { error: { code: status, message, errors: [{ message, domain: 'global', reason }] } },
    status as 400,
  );
}

function parseMeta(text: string): { name?: string; contentType?: string; metadata: Record<string, string> } {
  try {
    const value = JSON.parse(text || '{}') as Record<string, unknown>;
    const metadata = (value.metadata && typeof value.metadata === 'object' ? value.metadata : {}) as Record<
      string,
      string
    >;
    return {
      ...(typeof value.name === 'string' ? { name: value.name } : {}),
      ...(typeof value.contentType === 'string' ? { contentType: value.contentType } : {}),
      metadata,
    };
  } catch {
    return { metadata: {} };
  }
}

/** `bytes 0-99/200`, `bytes 0-*\/*`, `bytes *\/200` → numbers, null for `*`. */
function parseContentRange(
  header: string,
): { start: number | null; end: number | null; total: number | null } | undefined {
  const match = /^bytes (?:(\d+|\*)-(\d+|\*)|\*)\/(\d+|\*|undefined)$/.exec(header.trim());
  if (!match) return undefined;
  const num = (v: string | undefined) =>
    v === undefined || v === '*' || v === 'undefined' ? null : Number(v);
  return { start: num(match[1]), end: num(match[2]), total: num(match[3]) };
}
