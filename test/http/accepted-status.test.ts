import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createHttpClient, InvalidResponseError } from '../../src/http/index.ts';
import { ManualClock } from '../../src/util/clock.ts';
import { sendJson, startTestServer, type TestServer } from '../helpers/server.ts';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('accepted non-2xx statuses', () => {
  it('return the status without holding the error body to the resource schema', async () => {
    server = await startTestServer((req, res) =>
      req.url === '/things/gone'
        ? sendJson(res, 404, { error: { status: 404, message: 'Resource not found' } })
        : sendJson(res, 200, { name: 42 }),
    );
    const c = createHttpClient({ api: 'test', baseUrl: server.url, clock: new ManualClock(0) });
    const schema = z.object({ name: z.string() });
    const gone = await c.request({ path: '/things/gone', schema, acceptStatus: [404] });
    expect(gone.status).toBe(404);
    expect(gone.data).toEqual({ error: { status: 404, message: 'Resource not found' } });
    // A 200 is still validated.
    await expect(c.request({ path: '/things/bad', schema, acceptStatus: [404] })).rejects.toBeInstanceOf(
      InvalidResponseError,
    );
  });
});
