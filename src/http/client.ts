import type { ZodType } from 'zod';
import { type Clock, systemClock } from '../util/clock.ts';
import { type Logger, silentLogger } from '../util/logger.ts';
import { CallCounter } from './call-counter.ts';
import { type DeferReason, DeferredError, HttpError, InvalidResponseError, NetworkError } from './errors.ts';
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
  const clock = options.clock ?? systemClock;
  const doFetch = options.fetch ?? globalThis.fetch;
  const counter = options.counter ?? new CallCounter();
  const logger = options.logger ?? silentLogger;
  const throttle = new Throttle(clock, options.ratePerSecond ?? 10);
  const timeoutMs = options.timeoutMs ?? 15_000;
  const maxRetries = options.maxRetries ?? 3;
  const maxRateLimitWaits = options.maxRateLimitWaits ?? 5;
  const deferThresholdMs = options.deferThresholdMs ?? 60_000;
  const backoffBaseMs = options.backoffBaseMs ?? 500;
  const policy = options.rateLimitPolicy ?? retryAfterPolicy;
  const random = options.random ?? Math.random;
  const base = options.baseUrl.replace(/\/$/, '');

  const buildUrl = (path: string, query: RequestOptions<unknown>['query']) => {
    const url = new URL(path.startsWith('http') ? path : `${base}${path.startsWith('/') ? '' : '/'}${path}`);
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined && value !== null) url.searchParams.set(key, String(value));
    }
    return url;
  };

  /** Full jitter: a random wait in [0, base · 2^attempt]. */
  const backoff = (attempt: number) => Math.round(random() * backoffBaseMs * 2 ** attempt);

  async function sendOnce(url: URL, init: RequestInit): Promise<{ response: Response; text: string }> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      const response = await doFetch(url, { ...init, signal: controller.signal });
      const text = await response.text();
      return { response, text };
    } finally {
      clearTimeout(timer);
    }
  }

  async function request<T>(req: RequestOptions<T>): Promise<HttpResponse<T>> {
    const method = req.method ?? 'GET';
    const endpoint = req.endpoint ?? endpointLabel(method, req.path);
    const url = buildUrl(req.path, req.query);
    const headers: Record<string, string> = {
      Accept: 'application/json',
      ...options.headers,
      ...req.headers,
    };
    let body: string | undefined;
    if (req.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(req.json);
    } else if (req.form) {
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(req.form).toString();
    }

    let failures = 0;
    let rateLimitWaits = 0;
    for (;;) {
      const paused = throttle.pausedUntilMs();
      if (paused) throw new DeferredError(options.api, endpoint, 'rate_limited', paused);
      await throttle.acquire();
      counter.record(options.api, endpoint);
      let sent: { response: Response; text: string };
      try {
        sent = await sendOnce(url, { method, headers, body });
      } catch (error) {
        const timedOut = (error as Error)?.name === 'AbortError';
        if (failures >= maxRetries) throw new NetworkError(options.api, endpoint, error, timedOut);
        const wait = backoff(failures++);
        logger.warn(`${options.api} ${endpoint} ${timedOut ? 'timed out' : 'failed'}; retrying`, {
          in_ms: wait,
        });
        await clock.sleep(wait);
        continue;
      }
      const { response, text } = sent;

      if (response.status === 429) {
        const verdict = policy(response, text, clock.now());
        const resumeAt = clock.now() + verdict.retryAfterMs;
        if (
          verdict.reason === 'quota_exceeded' ||
          verdict.retryAfterMs > deferThresholdMs ||
          rateLimitWaits >= maxRateLimitWaits
        ) {
          throttle.pause(resumeAt);
          throw new DeferredError(options.api, endpoint, verdict.reason, resumeAt);
        }
        rateLimitWaits++;
        logger.info(`${options.api} asked to wait`, { endpoint, wait_ms: verdict.retryAfterMs });
        await clock.sleep(verdict.retryAfterMs);
        continue;
      }
      if (response.status >= 500 && failures < maxRetries) {
        const wait = backoff(failures++);
        logger.warn(`${options.api} ${endpoint} answered ${response.status}; retrying`, { in_ms: wait });
        await clock.sleep(wait);
        continue;
      }
      const ok =
        (response.status >= 200 && response.status < 300) || req.acceptStatus?.includes(response.status);
      if (!ok) throw new HttpError(options.api, endpoint, response.status, text);
      // An accepted non-2xx (a 404 meaning "absent") has the API's error body, not the
      // resource: the schema describes the resource only.
      const success = response.status >= 200 && response.status < 300;
      return {
        status: response.status,
        headers: response.headers,
        data: success ? parseBody(endpoint, text, req.schema) : (parseLenient(text) as T | undefined),
        text,
      };
    }
  }

  function parseLenient(text: string): unknown {
    try {
      return text.trim() ? JSON.parse(text) : undefined;
    } catch {
      return undefined;
    }
  }

  function parseBody<T>(endpoint: string, text: string, schema: ZodType<T> | undefined): T | undefined {
    if (!text.trim()) return undefined;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new InvalidResponseError(
        options.api,
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
        options.api,
        endpoint,
        `${issue?.path.join('.') || 'body'}: ${issue?.message}`,
        text,
      );
    }
    return result.data;
  }

  return { api: options.api, counter, request, pausedUntil: () => throttle.pausedUntilMs() };
}
