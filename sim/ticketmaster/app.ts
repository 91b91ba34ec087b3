/**
 * A Ticketmaster Discovery v2 simulator: `GET /discovery/v2/events.json` over a shared
 * concert world, with the API's real rules — apikey (401 fault), 5 requests/second
 * (429 SpikeArrest), a daily quota (429 QuotaViolation with Rate-Limit-* headers; a 400
 * still counts), exact `YYYY-MM-DDTHH:mm:ssZ` dates (DIS1015), `size <= 200`, deep
 * paging `size * page < 1000` (DIS1035) — and faults on demand.
 */
import { type Context, Hono } from 'hono';
import { createLimits, fault, type Limits, quotaViolation, spikeArrest } from './limits.ts';
import { toTicketmasterEvent } from './records.ts';
import { TM_DATE_TIME, ticketmasterSearch } from './search.ts';
import type { TicketmasterFault, TicketmasterSimState } from './state.ts';

export {
  createTicketmasterSimState,
  type TicketmasterFault,
  type TicketmasterSimOptions,
  type TicketmasterSimState,
} from './state.ts';

export const DEEP_PAGING_LIMIT = 1000;
export const MAX_SIZE = 200;

export function createTicketmasterSimApp(state: TicketmasterSimState): Hono {
  const app = new Hono();
  const limits = createLimits(state);
  app.get('/discovery/v2/events.json', (c) => {
    const query = new URL(c.req.url).searchParams;
    const response = answer(state, limits, c, query);
    state.requestLog.push({
      at: state.now(),
      method: 'GET',
      path: c.req.path,
      query: Object.fromEntries(query),
      status: response.status,
    });
    return response;
  });
  return app;
}

/** The checks in the real API's order: key, spike, quota, injected fault, parameters; then the page. */
function answer(state: TicketmasterSimState, limits: Limits, c: Context, query: URLSearchParams): Response {
  const now = state.now();
  if (!state.apiKeys.has(query.get('apikey') ?? ''))
    return fault(c, 401, 'Invalid ApiKey', 'oauth.v2.InvalidApiKey');
  const limited = limits.check(c, now);
  if (limited) return limited;
  const injected = state.faults.take(query);
  if (injected) return injectedFault(state, c, injected);
  const invalid = validate(query);
  if (invalid)
    return c.json(
      { errors: [{ code: invalid.code, detail: invalid.detail, status: '400 BAD_REQUEST', _links: {} }] },
      400,
    );
  return c.json(searchPage(state, c, query));
}

function injectedFault(state: TicketmasterSimState, c: Context, kind: TicketmasterFault): Response {
  switch (kind) {
    case 'html':
      return c.html(
        '<!DOCTYPE html><html><head><title>Service Unavailable</title></head><body><h1>Please try again</h1></body></html>',
      );
    case 'server_error':
      return c.json({ errors: [{ code: 'DIS1001', detail: 'Internal error', status: '500' }] }, 500);
    case 'quota':
      return quotaViolation(state, c);
    case 'spike':
      return spikeArrest(c);
    case 'dis1035':
      return c.json(
        {
          errors: [
            {
              code: 'DIS1035',
              detail: 'API Limits Exceeded: Max paging depth exceeded. (page * size) must be less than 1,000',
              status: '400 BAD_REQUEST',
            },
          ],
        },
        400,
      );
  }
}

function searchPage(state: TicketmasterSimState, c: Context, query: URLSearchParams) {
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
