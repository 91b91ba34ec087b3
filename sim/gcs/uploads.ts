/**
 * Object uploads as `@google-cloud/storage` sends them: `uploadType=media`, `multipart`
 * (multipart/related) and `resumable` sessions (POST opens one, PUTs send its chunks, 308
 * until the last). Every upload commits with the generation preconditions of its query.
 */
import { randomUUID } from 'node:crypto';
import type { Context, Hono } from 'hono';
import { parseMultipartRelated } from './multipart.ts';
import { type GcsSimState, objectResource, type StoredObject } from './objects.ts';
import { apiError, noBucket, preconditionFailure } from './responses.ts';

interface UploadSession {
  bucket: string;
  name: string;
  contentType: string;
  metadata: Record<string, string>;
  query: Record<string, string>;
  chunks: Buffer[];
  received: number;
}

type Upload = Pick<UploadSession, 'bucket' | 'name' | 'contentType' | 'metadata' | 'query'>;

export function registerUploadRoutes(app: Hono, state: GcsSimState): void {
  const sessions = new Map<string, UploadSession>();

  app.post('/upload/storage/v1/b/:bucket/o', async (c) => {
    const bucket = c.req.param('bucket');
    if (!state.buckets.has(bucket)) return noBucket(c, bucket);
    const query = c.req.query();
    const body = Buffer.from(await c.req.arrayBuffer());
    const type = query.uploadType;
    if (type === 'media') return mediaUpload(state, c, bucket, query, body);
    if (type === 'multipart') return multipartUpload(state, c, bucket, query, body);
    if (type === 'resumable') return startResumable(state, sessions, c, bucket, query, body);
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
    return commit(state, c, session, Buffer.concat(session.chunks));
  });
}

function mediaUpload(
  state: GcsSimState,
  c: Context,
  bucket: string,
  query: Record<string, string>,
  body: Buffer,
): Response {
  if (!query.name) return apiError(c, 400, 'Required parameter: name', 'required');
  const contentType = c.req.header('content-type') ?? 'application/octet-stream';
  return commit(state, c, { bucket, name: query.name, contentType, metadata: {}, query }, body);
}

function multipartUpload(
  state: GcsSimState,
  c: Context,
  bucket: string,
  query: Record<string, string>,
  body: Buffer,
): Response {
  const parts = parseMultipartRelated(c.req.header('content-type') ?? '', body);
  if (!parts) return apiError(c, 400, 'Malformed multipart body.', 'invalid');
  const meta = parseMeta(parts.metadata);
  const name = meta.name ?? query.name;
  if (!name) return apiError(c, 400, 'Required parameter: name', 'required');
  const contentType = meta.contentType ?? parts.mediaType ?? 'application/octet-stream';
  return commit(state, c, { bucket, name, contentType, metadata: meta.metadata, query }, parts.media);
}

/** Opens a resumable session; its preconditions are checked now and again when it commits. */
function startResumable(
  state: GcsSimState,
  sessions: Map<string, UploadSession>,
  c: Context,
  bucket: string,
  query: Record<string, string>,
  body: Buffer,
): Response {
  const meta = parseMeta(body.toString('utf8'));
  const name = meta.name ?? query.name;
  if (!name) return apiError(c, 400, 'Required parameter: name', 'required');
  const failed = preconditionFailure(c, state.buckets.get(bucket)!.get(name));
  if (failed) return failed;
  const id = randomUUID();
  const contentType = meta.contentType ?? c.req.header('x-upload-content-type') ?? 'application/octet-stream';
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

function commit(state: GcsSimState, c: Context, upload: Upload, data: Buffer): Response {
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
