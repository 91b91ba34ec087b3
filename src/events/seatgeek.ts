/**
 * SeatGeek Platform API, the optional second source (new developer accounts stay
 * "pending approval", so most users have no key). Quirks handled here:
 * - `per_page` is capped (assume 50) and the cap has shrunk before: paging follows the
 *   `meta.per_page` the API answers with, not the one we asked for.
 * - an HTML CAPTCHA page instead of JSON: the page is retried a couple of times, then
 *   the source is reported as failed for this place (the sync goes on with the others).
 * - an empty 200 (`total: 0`) that a retry fills: page 1 empty is asked once more.
 */
import { ConfigError, describeSetting } from '../config/config.ts';
import {
  type CallCounter,
  createHttpClient,
  type HttpClient,
  HttpError,
  InvalidResponseError,
} from '../http/index.ts';
import { type Clock, systemClock } from '../util/clock.ts';
import { type Logger, silentLogger } from '../util/logger.ts';
import { registerSecret } from '../util/redact.ts';
import { SourceAuthError, SourceUnavailableError } from './errors.ts';
import { retryWhile } from './retry.ts';
import { normaliseSeatGeekEvent, type SeatGeekPage, seatGeekPageSchema } from './seatgeek-records.ts';
import { toSeatGeekUtc } from './time.ts';
import type { EventPage, EventSource, FetchWindow, NormalisedEvent, Place, SkippedRecord } from './types.ts';

export const SEATGEEK_PAGE_SIZE = 50;
/** A runaway guard: 200 pages of 50 is far beyond any place's 90 days of concerts. */
const MAX_PAGES = 200;

export interface SeatGeekSourceOptions {
  clientId: string | undefined;
  clientSecret?: string | undefined;
  baseUrl: string;
  clock?: Clock;
  counter?: CallCounter;
  logger?: Logger;
  fetch?: typeof fetch;
  perPage?: number;
  ratePerSecond?: number;
  deferThresholdMs?: number;
  /** Extra tries of a page that came back as HTML (CAPTCHA) or malformed JSON. */
  unusableRetries?: number;
  /** Extra tries of an empty first page. */
  emptyRetries?: number;
  retryDelayMs?: number;
}

/** The location part of the query for each kind of place. */
export function seatGeekPlaceQuery(place: Place): Record<string, string> {
  const range = `${Math.max(1, Math.round(place.radiusMiles ?? 50))}mi`;
  switch (place.kind) {
    case 'point':
      return { lat: String(place.lat), lon: String(place.lon), range };
    case 'postal':
      // SeatGeek's geoip takes a US/CA postal code as well as an IP address.
      return { geoip: place.postalCode ?? '', range };
    case 'city':
      return {
        'venue.city': place.city ?? '',
        ...(place.stateCode ? { 'venue.state': place.stateCode } : {}),
        'venue.country': place.countryCode,
      };
    case 'state':
      return { 'venue.state': place.stateCode ?? '', 'venue.country': place.countryCode };
  }
}

/** An HTML page (CAPTCHA, anti-abuse filter) where JSON was expected: worth asking again. */
function isUnusableAnswer(error: unknown): boolean {
  if (error instanceof InvalidResponseError) return true;
  return (
    error instanceof HttpError &&
    (error.status === 406 || (error.status === 403 && /^\s*</.test(error.bodyText)))
  );
}

export function createSeatGeekSource(options: SeatGeekSourceOptions): EventSource {
  if (!options.clientId)
    throw new ConfigError(describeSetting('SEATGEEK_CLIENT_ID', 'not set'), 'SEATGEEK_CLIENT_ID');
  registerSecret(options.clientId);
  registerSecret(options.clientSecret);
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const http = createHttpClient({
    api: 'seatgeek',
    baseUrl: options.baseUrl,
    ratePerSecond: options.ratePerSecond ?? 5,
    clock,
    logger,
    counter: options.counter,
    fetch: options.fetch,
    deferThresholdMs: options.deferThresholdMs,
  });
  const ctx: SeatGeekContext = {
    http,
    clientId: options.clientId,
    options,
    clock,
    logger,
    retryDelayMs: options.retryDelayMs ?? 1000,
  };
  return { name: 'seatgeek', fetchEvents: (place, window) => fetchEvents(ctx, place, window) };
}

interface SeatGeekContext {
  http: HttpClient;
  clientId: string;
  options: SeatGeekSourceOptions;
  clock: Clock;
  logger: Logger;
  retryDelayMs: number;
}

async function* fetchEvents(
  ctx: SeatGeekContext,
  place: Place,
  window: FetchWindow,
): AsyncGenerator<EventPage> {
  const query = {
    ...seatGeekPlaceQuery(place),
    'datetime_utc.gte': toSeatGeekUtc(window.from),
    'datetime_utc.lte': toSeatGeekUtc(window.to),
  };
  const seen = new Set<string>();
  const first = await requestFirstPage(ctx, query);
  let requests = first.requests;
  let body = first.body;
  for (let page = 1; ;) {
    yield toEventPage(body, seen, requests);
    const readSoFar = page * body.meta.per_page;
    if (body.events.length === 0 || readSoFar >= body.meta.total || page >= MAX_PAGES) return;
    page++;
    body = await requestPage(ctx, query, page);
    requests++;
  }
}

/** Page 1, asked again when it comes back empty: SeatGeek sometimes answers `total: 0` and fills it on retry. */
async function requestFirstPage(
  ctx: SeatGeekContext,
  query: Record<string, string>,
): Promise<{ body: SeatGeekPage; requests: number }> {
  let body = await requestPage(ctx, query, 1);
  let requests = 1;
  for (
    let retry = 0;
    retry < (ctx.options.emptyRetries ?? 1) && body.meta.total === 0 && body.events.length === 0;
    retry++
  ) {
    ctx.logger.info('seatgeek answered an empty first page; asking again');
    await ctx.clock.sleep(ctx.retryDelayMs);
    body = await requestPage(ctx, query, 1);
    requests++;
  }
  return { body, requests };
}

/** One page, retried while it comes back as HTML or malformed JSON; failures explained. */
async function requestPage(
  ctx: SeatGeekContext,
  query: Record<string, string>,
  page: number,
): Promise<SeatGeekPage> {
  const { options } = ctx;
  const send = () =>
    ctx.http.request({
      path: '/events',
      endpoint: 'GET /events',
      schema: seatGeekPageSchema,
      query: {
        client_id: ctx.clientId,
        client_secret: options.clientSecret,
        'taxonomies.name': 'concert',
        ...query,
        per_page: options.perPage ?? SEATGEEK_PAGE_SIZE,
        page,
        sort: 'datetime_utc.asc',
      },
    });
  try {
    const response = await retryWhile(send, isUnusableAnswer, {
      retries: options.unusableRetries ?? 2,
      delayMs: ctx.retryDelayMs,
      clock: ctx.clock,
      logger: ctx.logger,
      label: `seatgeek page ${page}`,
    });
    return response.data!;
  } catch (error) {
    throw explainFailure(error);
  }
}

function toEventPage(body: SeatGeekPage, seen: Set<string>, requests: number): EventPage {
  const events: NormalisedEvent[] = [];
  const skipped: SkippedRecord[] = [];
  for (const raw of body.events) {
    const result = normaliseSeatGeekEvent(raw);
    if ('problem' in result) {
      skipped.push(
        result.sourceId
          ? { sourceId: result.sourceId, problem: result.problem }
          : { problem: result.problem },
      );
    } else if (!seen.has(result.event.key)) {
      seen.add(result.event.key);
      events.push(result.event);
    }
  }
  return { source: 'seatgeek', events, skipped, warnings: [], requests, expectedTotal: body.meta.total };
}

function explainFailure(error: unknown): unknown {
  if (
    error instanceof HttpError &&
    (error.status === 401 || error.status === 403) &&
    !/^\s*</.test(error.bodyText)
  ) {
    const code = /"code"\s*:\s*(\d+)/.exec(error.bodyText)?.[1];
    return new SourceAuthError(
      'seatgeek',
      'SEATGEEK_CLIENT_ID',
      `SeatGeek refused the client id (SEATGEEK_CLIENT_ID${code ? `, error ${code}` : ''}). ` +
        'New SeatGeek developer accounts often stay "pending approval" and cannot query events yet: ' +
        'check https://seatgeek.com/account/develop, or unset SEATGEEK_CLIENT_ID — encore works with Ticketmaster alone.',
    );
  }
  if (isUnusableAnswer(error)) {
    const problem = error instanceof InvalidResponseError ? error.problem : 'an HTML page instead of JSON';
    return new SourceUnavailableError(
      'seatgeek',
      `SeatGeek kept returning ${problem} (likely its anti-bot CAPTCHA); skipped SeatGeek for this place this time.`,
      error,
    );
  }
  return error;
}
