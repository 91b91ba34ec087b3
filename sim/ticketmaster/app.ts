/**
 * A Ticketmaster Discovery v2 simulator: `GET /discovery/v2/events.json` over a shared
 * concert world, with the API's real rules — apikey (401 fault), 5 requests/second
 * (429 SpikeArrest), a daily quota (429 QuotaViolation with Rate-Limit-* headers; a 400
 * still counts), exact `YYYY-MM-DDTHH:mm:ssZ` dates (DIS1015), `size <= 200`, deep
 * paging `size * page < 1000` (DIS1035) — and faults on demand.
 */
import { type Context, Hono } from 'hono';
import { FaultQueue } from '../concerts/faults.ts';
import type { RequestLogEntry } from '../concerts/server.ts';
import { nextUtcMidnight } from '../concerts/time.ts';
import { type ConcertWorld, setEventStatus, type WorldStatus } from '../concerts/world.ts';
import { toTicketmasterEvent } from './records.ts';
import { TM_DATE_TIME, ticketmasterSearch } from './search.ts';

export type TicketmasterFault = 'html' | 'server_error' | 'quota' | 'spike' | 'dis1035';

export interface TicketmasterSimOptions {
  world: ConcertWorld;
  apiKeys?: string[];
  /** Requests allowed in any one second before a SpikeArrest 429; 0 turns the check off. */
  spikeLimitPerSecond?: number;
  dailyQuota?: number;
  now?: () => number;
}

export interface TicketmasterSimState {
  world: ConcertWorld;
  apiKeys: Set<string>;
  spikeLimitPerSecond: number;
  dailyQuota: number;
  quotaUsed: number;
  requestLog: RequestLogEntry[];
  faults: FaultQueue<TicketmasterFault>;
  now: () => number;
  /** Changes a show's status (cancel, postpone, …) for every later request. */
  setStatus(eventId: string, status: WorldStatus): void;
}

export const DEEP_PAGING_LIMIT = 1000;
export const MAX_SIZE = 200;

export function createTicketmasterSimState(options: TicketmasterSimOptions): TicketmasterSimState {
  return {
    world: options.world,
    apiKeys: new Set(options.apiKeys ?? ['sim-ticketmaster-key']),
    spikeLimitPerSecond: options.spikeLimitPerSecond ?? 5,
    dailyQuota: options.dailyQuota ?? 5000,
    quotaUsed: 0,
    requestLog: [],
    faults: new FaultQueue(),
    now: options.now ?? Date.now,
    setStatus: (eventId, status) => void setEventStatus(options.world, eventId, status),
  };
}

export function createTicketmasterSimApp(state: TicketmasterSimState): Hono {
  const app = new Hono();
  const recent: number[] = [];
  let quotaDay = Math.floor(state.now() / 86_400_000);

  app.get('/discovery/v2/events.json', (c) => {
    const query = new URL(c.req.url).searchParams;
    const response = answer(c, query);
    state.requestLog.push({
      at: state.now(),
      method: 'GET',
      path: c.req.path,
      query: Object.fromEntries(query),
      status: response.status,
    });
    return response;
  });

  function answer(c: Context, query: URLSearchParams): Response {
    const now = state.now();
    if (!state.apiKeys.has(query.get('apikey') ?? ''))
      return fault(c, 401, 'Invalid ApiKey', 'oauth.v2.InvalidApiKey');
    while (recent.length && recent[0]! <= now - 1000) recent.shift();
    if (state.spikeLimitPerSecond > 0 && recent.length >= state.spikeLimitPerSecond) return spikeArrest(c);
    recent.push(now);
    const today = Math.floor(now / 86_400_000);
    if (today !== quotaDay) [quotaDay, state.quotaUsed] = [today, 0];
    if (state.quotaUsed >= state.dailyQuota) return quotaViolation(c);
    state.quotaUsed++;
    setQuotaHeaders(c);
    const injected = state.faults.take(query);
    if (injected) return injectedFault(c, injected);
    const invalid = validate(query);
    if (invalid)
      return c.json(
        { errors: [{ code: invalid.code, detail: invalid.detail, status: '400 BAD_REQUEST', _links: {} }] },
        400,
      );
    return c.json(searchPage(c, query));
  }

  function setQuotaHeaders(c: Context) {
    c.header('Rate-Limit', String(state.dailyQuota));
    c.header('Rate-Limit-Available', String(Math.max(0, state.dailyQuota - state.quotaUsed)));
    c.header('Rate-Limit-Over', String(Math.max(0, state.quotaUsed - state.dailyQuota)));
    c.header('Rate-Limit-Reset', String(nextUtcMidnight(state.now())));
  }

  function quotaViolation(c: Context) {
    setQuotaHeaders(c);
    c.header('Rate-Limit-Available', '0');
    return fault(
      c,
      429,
      'Rate limit quota violation. Quota limit  exceeded. Identifier : sim',
      'policies.ratelimit.QuotaViolation',
    );
  }

  function spikeArrest(c: Context) {
    return fault(
      c,
      429,
      'Spike arrest violation. Allowed rate : 5ps',
      'policies.ratelimit.SpikeArrestViolation',
    );
  }

  function injectedFault(c: Context, kind: TicketmasterFault): Response {
    switch (kind) {
      case 'html':
        return c.html(
          '<!DOCTYPE html><html><head><title>Service Unavailable</title></head><body><h1>Please try again</h1></body></html>',
        );
      case 'server_error':
        return c.json({ errors: [{ code: 'DIS1001', detail: 'Internal error', status: '500' }] }, 500);
      case 'quota':
        return quotaViolation(c);
      case 'spike':
        return spikeArrest(c);
      case 'dis1035':
        return c.json(
          {
            errors: [
              {
                code: 'DIS1035',
                detail:
                  'API Limits Exceeded: Max paging depth exceeded. (page * size) must be less than 1,000',
                status: '400 BAD_REQUEST',
              },
            ],
          },
          400,
        );
    }
  }

  function searchPage(c: Context, query: URLSearchParams) {
    const size = Number(query.get('size') ?? 20);
    const page = Number(query.get('page') ?? 0);
    const matches = ticketmasterSearch(state.world, query);
    const slice = matches.slice(page * size, page * size + size);
    const totalPages = Math.ceil(matches.length / size);
    const body: Record<string, unknown> = {
      _links: pageLinks(c, query, page, totalPages),
      page: { size, totalElements: matches.length, totalPages, number: page },
    };
    // An empty result has no `_embedded` at all.
    if (slice.length) body._embedded = { events: slice.map((e) => toTicketmasterEvent(state.world, e)) };
    return body;
  }

  return app;
}

function fault(c: Context, status: 401 | 429, faultstring: string, errorcode: string): Response {
  return c.json({ fault: { faultstring, detail: { errorcode } } }, status);
}

function validate(query: URLSearchParams): { code: string; detail: string } | undefined {
  for (const name of ['startDateTime', 'endDateTime']) {
    const value = query.get(name);
    if (value !== null && !TM_DATE_TIME.test(value)) {
      return {
        code: 'DIS1015',
        detail: `Query param with name ${name} must be a valid date in the format YYYY-MM-DDTHH:mm:ssZ`,
      };
    }
  }
  const size = Number(query.get('size') ?? 20);
  const page = Number(query.get('page') ?? 0);
  if (!Number.isInteger(size) || size < 1 || size > MAX_SIZE) {
    // The real API's code for this is unconfirmed; the simulator's choice.
    return { code: 'DIS1016', detail: `Query param with name size must be between 1 and ${MAX_SIZE}` };
  }
  if (!Number.isInteger(page) || page < 0)
    return { code: 'DIS1016', detail: 'Query param with name page must be 0 or more' };
  if (size * page >= DEEP_PAGING_LIMIT) {
    return {
      code: 'DIS1035',
      detail: 'API Limits Exceeded: Max paging depth exceeded. (page * size) must be less than 1,000',
    };
  }
  return undefined;
}

function pageLinks(c: Context, query: URLSearchParams, page: number, totalPages: number) {
  const href = (n: number) => {
    const q = new URLSearchParams(query);
    q.delete('apikey');
    q.set('page', String(n));
    return { href: `${c.req.path}?${q.toString()}` };
  };
  const links: Record<string, { href: string }> = { self: href(page) };
  if (totalPages > 0) Object.assign(links, { first: href(0), last: href(totalPages - 1) });
  if (page + 1 < totalPages) links.next = href(page + 1);
  if (page > 0) links.prev = href(page - 1);
  return links;
}
