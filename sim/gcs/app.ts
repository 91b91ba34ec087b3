/**
 * The Cloud Storage JSON API subset `@google-cloud/storage` uses: bucket get, object
 * insert (media, multipart and resumable sessions: uploads.ts), metadata, download, list,
 * delete, and the generation preconditions that make optimistic locking work (412 when they
 * fail). Faults on demand: 403 per bucket (a missing IAM role) and injected 5xx; and an
 * upload held until released, so a test can make two writers overlap exactly.
 */
import { type Context, Hono } from 'hono';
import { type GcsSimState, objectResource } from './objects.ts';
import { apiError, bucketOf, findObject, noBucket, preconditionFailure, record } from './responses.ts';
import { registerUploadRoutes } from './uploads.ts';

export function createGcsSimApp(state: GcsSimState): Hono {
  const app = new Hono();
  registerFaults(app, state);
  registerBucketRoutes(app, state);
  registerObjectRoutes(app, state);
  registerUploadRoutes(app, state);
  app.notFound((c) => apiError(c, 404, `Not Found: ${c.req.method} ${c.req.path}`, 'notFound'));
  return app;
}

/** Held uploads, injected faults and denied buckets, before any route; records every answer. */
function registerFaults(app: Hono, state: GcsSimState): void {
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
}

/** Bucket metadata and the object listing (prefix, maxResults, pageToken). */
function registerBucketRoutes(app: Hono, state: GcsSimState): void {
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
}

/** One object's metadata, its media (alt=media or the download host path), and delete. */
function registerObjectRoutes(app: Hono, state: GcsSimState): void {
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
}
