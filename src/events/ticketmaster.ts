/**
 * Ticketmaster Discovery v2, the default event source. What it must respect:
 * - 5 requests/second and a daily quota: a 429 QuotaViolation defers the sync until the
 *   `Rate-Limit-Reset` time; a SpikeArrest 429 is a short wait.
 * - deep paging: `size * page < 1000`. A date range holding more is split into slices
 *   that each fit; a DIS1035 mid-way (totals moved between calls) resumes after the last
 *   event read.
 * - dates exactly `YYYY-MM-DDTHH:mm:ssZ`, lat/long as strings, no `_embedded` when empty.
 */
import { ConfigError, describeSetting } from '../config/config.ts';
import {
  type CallCounter,
  createHttpClient,
  HttpError,
  InvalidResponseError,
  parseRetryAfter,
  type RateLimitPolicy,
} from '../http/index.ts';
import { type Clock, systemClock } from '../util/clock.ts';
import { type Logger, silentLogger } from '../util/logger.ts';
import { registerSecret } from '../util/redact.ts';
import { SourceAuthError, SourceUnavailableError } from './errors.ts';
import { retryWhile } from './retry.ts';
import {
  normaliseTicketmasterEvent,
  type TicketmasterPage,
  ticketmasterPageSchema,
} from './ticketmaster-records.ts';
import { toTicketmasterDateTime } from './time.ts';
import type { EventPage, EventSource, FetchWindow, Place, SkippedRecord } from './types.ts';

export const TICKETMASTER_DEEP_PAGING_LIMIT = 1000;
export const TICKETMASTER_MAX_PAGE_SIZE = 200;
/** Slices shorter than this are not split further (a denser hour would be read up to the limit). */
const MIN_SLICE_MS = 3_600_000;
const MAX_SLICE_DEPTH = 24;

export interface TicketmasterSourceOptions {
  apiKey: string | undefined;
  baseUrl: string;
  clock?: Clock;
  counter?: CallCounter;
  logger?: Logger;
  fetch?: typeof fetch;
  /** Events per page, at most 200 (the API's cap). Smaller pages mean more slicing. */
  pageSize?: number;
  ratePerSecond?: number;
  deferThresholdMs?: number;
  /** Extra tries of a page that came back as HTML or malformed JSON. */
  unusableRetries?: number;
  retryDelayMs?: number;
}

/** Reads Ticketmaster's 429s: a spent daily quota waits for `Rate-Limit-Reset`; a spike waits a second. */
export const ticketmasterRateLimitPolicy: RateLimitPolicy = (response, bodyText, now) => {
  const errorCode = /"errorcode"\s*:\s*"([^"]+)"/.exec(bodyText)?.[1] ?? '';
  const reset = Number(response.headers.get('rate-limit-reset'));
  const untilReset = Number.isFinite(reset) && reset > now ? reset - now : undefined;
  const spike = /SpikeArrest/i.test(errorCode);
  const quotaSpent =
    /QuotaViolation/i.test(errorCode) || (!spike && response.headers.get('rate-limit-available') === '0');
  if (quotaSpent) return { reason: 'quota_exceeded', retryAfterMs: untilReset ?? 3_600_000 };
  return {
    reason: 'rate_limited',
    retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), now) ?? 1000,
  };
};

/** The location part of the query for each kind of place. */
export function ticketmasterPlaceQuery(place: Place): Record<string, string> {
  const radius = String(Math.max(1, Math.round(place.radiusMiles ?? 50)));
  switch (place.kind) {
    case 'point':
      return { geoPoint: `${place.lat},${place.lon}`, radius, unit: 'miles' };
    case 'postal':
      return { postalCode: place.postalCode ?? '', radius, unit: 'miles', countryCode: place.countryCode };
    case 'city':
      return {
        city: place.city ?? '',
        ...(place.stateCode ? { stateCode: place.stateCode } : {}),
        countryCode: place.countryCode,
      };
    case 'state':
      return { stateCode: place.stateCode ?? '', countryCode: place.countryCode };
  }
}

/** The request went past `size * page < 1000`. */
class DeepPagingError extends Error {}

export function createTicketmasterSource(options: TicketmasterSourceOptions): EventSource {
  if (!options.apiKey) {
    throw new ConfigError(describeSetting('TICKETMASTER_API_KEY', 'not set'), 'TICKETMASTER_API_KEY');
  }
  const apiKey = options.apiKey;
  registerSecret(apiKey);
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const pageSize = Math.min(options.pageSize ?? TICKETMASTER_MAX_PAGE_SIZE, TICKETMASTER_MAX_PAGE_SIZE);
  const reachablePages = Math.ceil(TICKETMASTER_DEEP_PAGING_LIMIT / pageSize);
  const reachableEvents = reachablePages * pageSize;
  const http = createHttpClient({
    api: 'ticketmaster',
    baseUrl: options.baseUrl,
    ratePerSecond: options.ratePerSecond ?? 5,
    clock,
    logger,
    counter: options.counter,
    fetch: options.fetch,
    deferThresholdMs: options.deferThresholdMs,
    rateLimitPolicy: ticketmasterRateLimitPolicy,
  });

  async function requestPage(
    query: Record<string, string>,
    from: Date,
    to: Date,
    page: number,
  ): Promise<TicketmasterPage> {
    const send = () =>
      http.request({
        path: '/events.json',
        endpoint: 'GET /events.json',
        schema: ticketmasterPageSchema,
        query: {
          apikey: apiKey,
          classificationName: 'music',
          ...query,
          startDateTime: toTicketmasterDateTime(from),
          endDateTime: toTicketmasterDateTime(to),
          size: pageSize,
          page,
          sort: 'date,asc',
        },
      });
    try {
      const response = await retryWhile(send, (e) => e instanceof InvalidResponseError, {
        retries: options.unusableRetries ?? 2,
        delayMs: options.retryDelayMs ?? 1000,
        clock,
        logger,
        label: `ticketmaster page ${page}`,
      });
      return response.data!;
    } catch (error) {
      throw explainFailure(error);
    }
  }

  return {
    name: 'ticketmaster',
    fetchEvents(place: Place, window: FetchWindow): AsyncIterable<EventPage> {
      const query = ticketmasterPlaceQuery(place);
      const reader = new SliceReader((from, to, page) => requestPage(query, from, to, page), {
        pageSize,
        reachablePages,
        reachableEvents,
        logger,
      });
      return reader.read(window.from, window.to);
    },
  };
}

function explainFailure(error: unknown): unknown {
  if (error instanceof HttpError && error.status === 401) {
    return new SourceAuthError(
      'ticketmaster',
      'TICKETMASTER_API_KEY',
      'Ticketmaster rejected the API key (TICKETMASTER_API_KEY) — check it at https://developer-acct.ticketmaster.com/',
    );
  }
  if (error instanceof HttpError && error.status === 400 && /"DIS1035"/.test(error.bodyText))
    return new DeepPagingError();
  if (error instanceof InvalidResponseError) {
    return new SourceUnavailableError(
      'ticketmaster',
      `Ticketmaster kept returning ${error.problem}; try again later.`,
      error,
    );
  }
  return error;
}

interface SliceReaderLimits {
  pageSize: number;
  reachablePages: number;
  reachableEvents: number;
  logger: Logger;
}

type PageRequest = (from: Date, to: Date, page: number) => Promise<TicketmasterPage>;

/**
 * Reads one place's window as date slices that each fit under the deep-paging limit.
 * Remembers ids already yielded, since slices resumed after a DIS1035 overlap.
 */
class SliceReader {
  private readonly seen = new Set<string>();
  private requests = 0;
  private expectedTotal: number | undefined;
  private lastStartMs = 0;

  constructor(
    private readonly requestPage: PageRequest,
    private readonly limits: SliceReaderLimits,
  ) {}

  async *read(from: Date, to: Date, depth = 0): AsyncGenerator<EventPage> {
    if (depth > MAX_SLICE_DEPTH)
      throw new Error('ticketmaster: too many nested date slices; giving up on this place');
    const first = await this.fetch(from, to, 0);
    const total = first.page.totalElements;
    this.expectedTotal ??= total;
    if (total > this.limits.reachableEvents && to.getTime() - from.getTime() > MIN_SLICE_MS) {
      // Aim for slices at 80% of the limit so that uneven days rarely need a second split.
      const parts = Math.min(16, Math.max(2, Math.ceil(total / (this.limits.reachableEvents * 0.8))));
      this.limits.logger.debug('ticketmaster: splitting the date range', {
        total,
        parts,
        from: from.toISOString(),
      });
      for (const [a, b] of splitRange(from, to, parts)) yield* this.read(a, b, depth + 1);
      return;
    }
    const warnings =
      total > this.limits.reachableEvents
        ? [
            `Ticketmaster lists ${total} events between ${from.toISOString()} and ${to.toISOString()}; only the first ${this.limits.reachableEvents} can be read.`,
          ]
        : [];
    yield this.toPage(first, warnings);
    const pages = Math.min(first.page.totalPages, this.limits.reachablePages);
    for (let page = 1; page < pages; page++) {
      let body: TicketmasterPage;
      try {
        body = await this.fetch(from, to, page);
      } catch (error) {
        if (!(error instanceof DeepPagingError)) throw error;
        yield* this.resumeAfterDeepPaging(from, to, depth);
        return;
      }
      if (!body._embedded?.events.length) break;
      yield this.toPage(body, []);
    }
  }

  /** Reads the rest of a slice again from the last start time seen (sorted by date), or in halves. */
  private async *resumeAfterDeepPaging(from: Date, to: Date, depth: number): AsyncGenerator<EventPage> {
    this.limits.logger.info('ticketmaster: DIS1035 (deep paging); reading the rest as a new slice', {
      from: from.toISOString(),
    });
    if (this.lastStartMs > from.getTime() && this.lastStartMs < to.getTime()) {
      yield* this.read(new Date(this.lastStartMs), to, depth + 1);
      return;
    }
    for (const [a, b] of splitRange(from, to, 2)) yield* this.read(a, b, depth + 1);
  }

  private async fetch(from: Date, to: Date, page: number): Promise<TicketmasterPage> {
    this.requests++;
    return this.requestPage(from, to, page);
  }

  private toPage(body: TicketmasterPage, warnings: string[]): EventPage {
    const events = [];
    const skipped: SkippedRecord[] = [];
    for (const raw of body._embedded?.events ?? []) {
      const result = normaliseTicketmasterEvent(raw);
      if ('problem' in result) {
        skipped.push(
          result.sourceId
            ? { sourceId: result.sourceId, problem: result.problem }
            : { problem: result.problem },
        );
        continue;
      }
      if (result.event.startUtc)
        this.lastStartMs = Math.max(this.lastStartMs, Date.parse(result.event.startUtc));
      if (this.seen.has(result.event.key)) continue;
      this.seen.add(result.event.key);
      events.push(result.event);
    }
    const page: EventPage = { source: 'ticketmaster', events, skipped, warnings, requests: this.requests };
    if (this.expectedTotal !== undefined) page.expectedTotal = this.expectedTotal;
    return page;
  }
}

/** `parts` consecutive, non-overlapping slices on whole seconds (the API's resolution). */
export function splitRange(from: Date, to: Date, parts: number): Array<[Date, Date]> {
  const start = Math.ceil(from.getTime() / 1000);
  const end = Math.floor(to.getTime() / 1000);
  const step = Math.max(1, Math.floor((end - start + 1) / parts));
  const slices: Array<[Date, Date]> = [];
  for (let i = 0, a = start; i < parts && a <= end; i++) {
    const b = i === parts - 1 ? end : Math.min(end, a + step - 1);
    slices.push([new Date(a * 1000), new Date(b * 1000)]);
    a = b + 1;
  }
  return slices;
}
