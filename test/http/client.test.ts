import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  CallCounter,
  createHttpClient,
  DeferredError,
  endpointLabel,
  HttpError,
  InvalidResponseError,
  NetworkError,
  parseRetryAfter,
} from '../../src/http/index.ts';
import { ManualClock } from '../../src/util/clock.ts';
import { sendJson, startTestServer, type TestServer } from '../helpers/server.ts';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const T0 = Date.UTC(2026, 10, 1);

function client(
  url: string,
  clock = new ManualClock(T0),
  extra: Parameters<typeof createHttpClient>[0] extends infer O ? Partial<O> : never = {},
) {
  return createHttpClient({
    api: 'test',
    baseUrl: url,
    clock,
    random: () => 0.5,
    backoffBaseMs: 100,
    ...extra,
  });
}

describe('http client', () => {
  it('retries 5xx with backoff and then succeeds, counting every call', async () => {
    server = await startTestServer((_req, res, _body, i) =>
      i < 2 ? sendJson(res, 503, { error: 'busy' }) : sendJson(res, 200, { ok: 1 }),
    );
    const clock = new ManualClock(T0);
    const c = client(server.url, clock);
    const res = await c.request({ path: '/thing', schema: z.object({ ok: z.number() }) });
    expect(res.data).toEqual({ ok: 1 });
    expect(server.requests).toHaveLength(3);
    expect(c.counter.snapshot()).toEqual({ 'test GET /thing': 3 });
    // jittered backoff: 0.5·100·2^0 + 0.5·100·2^1 = 150 ms of (simulated) waiting
    expect(clock.now() - T0).toBeGreaterThanOrEqual(150);
  });

  it('gives up after maxRetries with an HttpError carrying the status', async () => {
    server = await startTestServer((_req, res) => sendJson(res, 500, { error: 'down' }));
    const c = client(server.url, new ManualClock(T0), { maxRetries: 2 });
    const error = await c.request({ path: '/x' }).catch((e) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(error.status).toBe(500);
    expect(server.requests).toHaveLength(3);
  });

  it('does not retry a 4xx', async () => {
    server = await startTestServer((_req, res) => sendJson(res, 404, { error: 'nope' }));
    const c = client(server.url);
    await expect(c.request({ path: '/x' })).rejects.toBeInstanceOf(HttpError);
    expect(server.requests).toHaveLength(1);
  });

  it('sleeps through a short Retry-After and retries', async () => {
    server = await startTestServer((_req, res, _b, i) =>
      i === 0
        ? sendJson(res, 429, { error: { status: 429 } }, { 'retry-after': '3' })
        : sendJson(res, 200, { ok: true }),
    );
    const clock = new ManualClock(T0);
    const res = await client(server.url, clock).request({ path: '/x' });
    expect(res.status).toBe(200);
    expect(clock.now() - T0).toBeGreaterThanOrEqual(3000);
  });

  it('defers instead of sleeping a Retry-After of an hour, and then makes no more calls', async () => {
    server = await startTestServer((_req, res) =>
      sendJson(res, 429, { error: { status: 429 } }, { 'retry-after': '3600' }),
    );
    const clock = new ManualClock(T0);
    const c = client(server.url, clock);
    const error = await c.request({ path: '/x' }).catch((e) => e);
    expect(error).toBeInstanceOf(DeferredError);
    expect(error.reason).toBe('rate_limited');
    expect(error.resumeAt).toBe(T0 + 3_600_000);
    expect(clock.now()).toBe(T0); // nothing was slept
    // The API stays paused: a second request fails at once without touching the network.
    await expect(c.request({ path: '/y' })).rejects.toBeInstanceOf(DeferredError);
    expect(server.requests).toHaveLength(1);
    expect(c.pausedUntil()).toBe(T0 + 3_600_000);
    clock.advance(3_600_001);
    expect(c.pausedUntil()).toBe(0);
  });

  it('tells QUOTA_EXCEEDED apart from a short 429 and defers even when the wait is short', async () => {
    server = await startTestServer((_req, res) =>
      sendJson(
        res,
        429,
        { error: { status: 429, message: 'Too many requests', reason: 'QUOTA_EXCEEDED' } },
        { 'retry-after': '5' },
      ),
    );
    const error = await client(server.url)
      .request({ path: '/x' })
      .catch((e) => e);
    expect(error).toBeInstanceOf(DeferredError);
    expect(error.reason).toBe('quota_exceeded');
    expect(error.message).toContain('QUOTA_EXCEEDED');
  });

  it('reports malformed JSON and shape mismatches with the raw body kept', async () => {
    server = await startTestServer((req, res) => {
      if (req.url === '/bad') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"items": [1, 2');
      } else if (req.url === '/html') {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<!DOCTYPE html><html><body>captcha</body></html>');
      } else sendJson(res, 200, { items: 'not-a-list' });
    });
    const c = client(server.url);
    const bad = await c.request({ path: '/bad' }).catch((e) => e);
    expect(bad).toBeInstanceOf(InvalidResponseError);
    expect(bad.problem).toBe('malformed JSON');
    expect(bad.bodyText).toBe('{"items": [1, 2');
    const html = await c.request({ path: '/html' }).catch((e) => e);
    expect(html.problem).toContain('HTML');
    const shape = await c
      .request({ path: '/shape', schema: z.object({ items: z.array(z.number()) }) })
      .catch((e) => e);
    expect(shape).toBeInstanceOf(InvalidResponseError);
    expect(shape.problem).toContain('items');
  });

  it('times out slow responses and retries, then reports a NetworkError', async () => {
    server = await startTestServer(async (_req, res) => {
      await new Promise((r) => setTimeout(r, 300));
      sendJson(res, 200, { late: true });
    });
    const c = client(server.url, new ManualClock(T0), { timeoutMs: 50, maxRetries: 1 });
    const error = await c.request({ path: '/slow' }).catch((e) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.timedOut).toBe(true);
    expect(c.counter.total()).toBe(2);
  });

  it('spaces requests by the API rate', async () => {
    server = await startTestServer((_req, res) => sendJson(res, 200, {}));
    const clock = new ManualClock(T0);
    const c = client(server.url, clock, { ratePerSecond: 5 });
    await Promise.all([1, 2, 3, 4, 5, 6].map(() => c.request({ path: '/x' })));
    // six requests at 5/s: the last may start no sooner than 5 × 200 ms after the first
    expect(clock.now() - T0).toBeGreaterThanOrEqual(1000);
  });

  it('sends JSON and form bodies and query parameters', async () => {
    server = await startTestServer((_req, res) => sendJson(res, 201, { created: true }));
    const c = client(server.url);
    await c.request({ method: 'POST', path: '/a', json: { x: 1 }, query: { q: 'a b', skip: undefined } });
    await c.request({ method: 'POST', path: '/b', form: { grant_type: 'refresh_token' } });
    expect(server.requests[0]?.url).toBe('/a?q=a+b');
    expect(JSON.parse(server.requests[0]?.body ?? '')).toEqual({ x: 1 });
    expect(server.requests[1]?.body).toBe('grant_type=refresh_token');
    expect(server.requests[1]?.headers['content-type']).toBe('application/x-www-form-urlencoded');
  });

  it('shares one counter between clients and labels endpoints with ids replaced', () => {
    expect(endpointLabel('GET', '/v1/artists/0OdUWJ0sBjDrqHygGUXeCF/top-tracks')).toBe(
      'GET /artists/{id}/top-tracks',
    );
    expect(endpointLabel('GET', 'https://api.example.com/v1/me/player/recently-played?before=1')).toBe(
      'GET /me/player/recently-played',
    );
    const counter = new CallCounter();
    counter.record('spotify', 'GET /me');
    counter.record('spotify', 'GET /me');
    counter.record('ticketmaster', 'GET /events.json');
    expect(counter.total('spotify')).toBe(2);
    expect(counter.total()).toBe(3);
    const before = counter.snapshot();
    counter.record('spotify', 'GET /search');
    expect(counter.since(before)).toEqual({ 'spotify GET /search': 1 });
  });

  it('parses Retry-After in seconds and as an HTTP date', () => {
    expect(parseRetryAfter('120', T0)).toBe(120_000);
    expect(parseRetryAfter(new Date(T0 + 30_000).toUTCString(), T0)).toBe(30_000);
    expect(parseRetryAfter('soon', T0)).toBeUndefined();
  });
});
