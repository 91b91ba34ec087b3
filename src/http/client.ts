import type { ZodType } from 'zod';
import { type Clock, systemClock } from '../util/clock.ts';
import { type Logger, silentLogger } from '../util/logger.ts';
import { encodeBody, parseBody, parseLenient } from './body.ts';
import { CallCounter } from './call-counter.ts';
import { type DeferReason, DeferredError, HttpError, NetworkError } from './errors.ts';
import { Throttle } from './throttle.ts';

export interface RateLimitVerdict {
  reason: DeferReason;
  /** How long the API wants us to wait. */
  retryAfterMs: number;
}

/** Reads a 429: how long to wait and whether it is a short burst limit or a spent quota. */
export type RateLimitPolicy = (response: Response, bodyText: string, now: number) => RateLimitVerdict;

export interface HttpClientOptions {
  /** Name used in call counts, logs and errors: `spotify`, `ticketmaster`, … */
  api: string;
  baseUrl: string;
  ratePerSecond?: number;
  timeoutMs?: number;
  /** Retries for 5xx, timeouts and network errors (not for 4xx). */
  maxRetries?: number;
  /** How many short 429 waits one request may sit through before giving up. */
  maxRateLimitWaits?: number;
  /** A Retry-After longer than this is not slept: the request fails with DeferredError. */
  deferThresholdMs?: number;
  backoffBaseMs?: number;
  clock?: Clock;
  fetch?: typeof fetch;
  counter?: CallCounter;
  logger?: Logger;
  headers?: Record<string, string>;
  rateLimitPolicy?: RateLimitPolicy;
  random?: () => number;
}

export interface RequestOptions<T> {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path under the base URL, or an absolute URL on the same API (e.g. a `next` link). */
  path: string;
  query?: Record<string, string | number | boolean | undefined | null>;
  headers?: Record<string, string>;
  json?: unknown;
  form?: Record<string, string>;
  /** Validates the parsed body; a mismatch throws InvalidResponseError carrying the raw text. */
  schema?: ZodType<T>;
  /** Label for call counting; default: the method and the path with ids replaced by `{id}`. */
  endpoint?: string;
  /** Statuses that are not errors besides 2xx (e.g. 404 when "absent" is an answer). */
  acceptStatus?: number[];
}

export interface HttpResponse<T> {
  status: number;
  headers: Headers;
  /** Parsed (and validated) body; undefined for empty bodies such as 204. */
  data: T | undefined;
  text: string;
}

export interface HttpClient {
  readonly api: string;
  readonly counter: CallCounter;
  request<T = unknown>(options: RequestOptions<T>): Promise<HttpResponse<T>>;
  /** When the API is paused after a long Retry-After, the time it may be used again. */
  pausedUntil(): number;
}

/** Default 429 reading: `Retry-After` in seconds (or an HTTP date); Spotify's QUOTA_EXCEEDED reason. */
export const retryAfterPolicy: RateLimitPolicy = (response, bodyText, now) => ({
  reason: /QUOTA_EXCEEDED/.test(bodyText) ? 'quota_exceeded' : 'rate_limited',
  retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), now) ?? 1000,
});

export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** `/v1/artists/0OdUWJ0sBjDrqHygGUXeCF/top-tracks` → `/artists/{id}/top-tracks`. */
export function endpointLabel(method: string, path: string): string {
  const pathname = path.startsWith('http') ? new URL(path).pathname : path.split('?')[0]!;
  const templated = pathname
    .split('/')
    .map((segment) =>
      /^[A-Za-z0-9]{22}$/.test(segment) || /^\d+$/.test(segment) || /^[0-9a-f-]{36}$/.test(segment)
        ? '{id}'
        : segment,
    )
    .join('/')
    .replace(/^\/v1(?=\/)/, '');
  return `${method} ${templated}`;
}

export function createHttpClient(options: HttpClientOptions): HttpClient {
  const ctx = resolveOptions(options);
  return {
    api: ctx.api,
    counter: ctx.counter,
    request: (req) => sendRequest(ctx, req),
    pausedUntil: () => ctx.throttle.pausedUntilMs(),
  };
}

/** The options with their defaults filled in, and the client's one throttle. */
type ClientContext = ReturnType<typeof resolveOptions>;

function resolveOptions(options: HttpClientOptions) {
  const clock = options.clock ?? systemClock;
  return {
    api: options.api,
    base: options.baseUrl.replace(/\/$/, ''),
    headers: options.headers,
    clock,
    doFetch: options.fetch ?? globalThis.fetch,
    counter: options.counter ?? new CallCounter(),
    logger: options.logger ?? silentLogger,
    throttle: new Throttle(clock, options.ratePerSecond ?? 10),
    timeoutMs: options.timeoutMs ?? 15_000,
    maxRetries: options.maxRetries ?? 3,
    maxRateLimitWaits: options.maxRateLimitWaits ?? 5,
    deferThresholdMs: options.deferThresholdMs ?? 60_000,
    backoffBaseMs: options.backoffBaseMs ?? 500,
    policy: options.rateLimitPolicy ?? retryAfterPolicy,
    random: options.random ?? Math.random,
  };
}

/** How many tries one request has used: failures (network, 5xx) and short 429 waits. */
interface Tries {
  failures: number;
  rateLimitWaits: number;
}

interface Sent {
  response: Response;
  text: string;
}

/** The request loop: send, wait out what may be waited out, then answer or throw. */
async function sendRequest<T>(ctx: ClientContext, req: RequestOptions<T>): Promise<HttpResponse<T>> {
  const method = req.method ?? 'GET';
  const endpoint = req.endpoint ?? endpointLabel(method, req.path);
  const url = buildUrl(ctx.base, req.path, req.query);
  const { contentType, body } = encodeBody(req);
  const headers: Record<string, string> = {
    Accept: 'application/json',
    ...ctx.headers,
    ...req.headers,
    ...(contentType ? { 'Content-Type': contentType } : {}),
  };
  const tries: Tries = { failures: 0, rateLimitWaits: 0 };
  for (;;) {
    const sent = await sendAttempt(ctx, url, { method, headers, body }, endpoint, tries);
    if (!sent) continue;
    if (await waitToRetry(ctx, sent, endpoint, tries)) continue;
    return toHttpResponse(ctx.api, endpoint, req, sent);
  }
}

function buildUrl(base: string, path: string, query: RequestOptions<unknown>['query']): URL {
  const url = new URL(path.startsWith('http') ? path : `${base}${path.startsWith('/') ? '' : '/'}${path}`);
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null) url.searchParams.set(key, String(value));
  }
  return url;
}

/** Full jitter: a random wait in [0, base · 2^attempt]. */
function backoff(ctx: ClientContext, attempt: number): number {
  return Math.round(ctx.random() * ctx.backoffBaseMs * 2 ** attempt);
}

/**
 * One try: refused while the API is paused, else a throttle slot, one counted call and the
 * fetch. A network error or timeout is slept off and answers undefined (try again) until
 * the retries are spent.
 */
async function sendAttempt(
  ctx: ClientContext,
  url: URL,
  init: RequestInit,
  endpoint: string,
  tries: Tries,
): Promise<Sent | undefined> {
  const paused = ctx.throttle.pausedUntilMs();
  if (paused) throw new DeferredError(ctx.api, endpoint, 'rate_limited', paused);
  await ctx.throttle.acquire();
  ctx.counter.record(ctx.api, endpoint);
  try {
    return await sendOnce(ctx, url, init);
  } catch (error) {
    const timedOut = (error as Error)?.name === 'AbortError';
    if (tries.failures >= ctx.maxRetries) throw new NetworkError(ctx.api, endpoint, error, timedOut);
    const wait = backoff(ctx, tries.failures++);
    ctx.logger.warn(`${ctx.api} ${endpoint} ${timedOut ? 'timed out' : 'failed'}; retrying`, {
      in_ms: wait,
    });
    await ctx.clock.sleep(wait);
    return undefined;
  }
}

async function sendOnce(ctx: ClientContext, url: URL, init: RequestInit): Promise<Sent> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), ctx.timeoutMs);
  try {
    const response = await ctx.doFetch(url, { ...init, signal: controller.signal });
    const text = await response.text();
    return { response, text };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A 429 the API wants waited out briefly, or a 5xx with retries left: sleeps and answers
 * true (try again). A spent quota or a long Retry-After pauses the API and throws
 * DeferredError; anything else answers false.
 */
async function waitToRetry(ctx: ClientContext, sent: Sent, endpoint: string, tries: Tries): Promise<boolean> {
  const { response, text } = sent;
  if (response.status === 429) {
    const verdict = ctx.policy(response, text, ctx.clock.now());
    const resumeAt = ctx.clock.now() + verdict.retryAfterMs;
    if (
      verdict.reason === 'quota_exceeded' ||
      verdict.retryAfterMs > ctx.deferThresholdMs ||
      tries.rateLimitWaits >= ctx.maxRateLimitWaits
    ) {
      ctx.throttle.pause(resumeAt);
      throw new DeferredError(ctx.api, endpoint, verdict.reason, resumeAt);
    }
    tries.rateLimitWaits++;
    ctx.logger.info(`${ctx.api} asked to wait`, { endpoint, wait_ms: verdict.retryAfterMs });
    await ctx.clock.sleep(verdict.retryAfterMs);
    return true;
  }
  if (response.status >= 500 && tries.failures < ctx.maxRetries) {
    const wait = backoff(ctx, tries.failures++);
    ctx.logger.warn(`${ctx.api} ${endpoint} answered ${response.status}; retrying`, { in_ms: wait });
    await ctx.clock.sleep(wait);
    return true;
  }
  return false;
}

/** The final answer: HttpError unless 2xx or accepted; a 2xx body parsed against the schema. */
function toHttpResponse<T>(
  api: string,
  endpoint: string,
  req: RequestOptions<T>,
  sent: Sent,
): HttpResponse<T> {
  const { response, text } = sent;
  const ok = (response.status >= 200 && response.status < 300) || req.acceptStatus?.includes(response.status);
  if (!ok) throw new HttpError(api, endpoint, response.status, text);
  // An accepted non-2xx (a 404 meaning "absent") has the API's error body, not the
  // resource: the schema describes the resource only.
  const success = response.status >= 200 && response.status < 300;
  return {
    status: response.status,
    headers: response.headers,
    data: success ? parseBody(api, endpoint, text, req.schema) : (parseLenient(text) as T | undefined),
    text,
  };
}
