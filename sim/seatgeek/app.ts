/**
 * A SeatGeek Platform simulator: `GET /2/events` over the shared concert world. Rules:
 * `client_id` required (403 code 40307 otherwise, and for keys still pending approval),
 * `per_page` silently capped at 50, pages from 1. Faults on demand: an HTML CAPTCHA page
 * instead of JSON, an empty 200 page (a retry gets the real one), 403, 500.
 */
import { type Context, Hono } from 'hono';
import { FaultQueue } from '../concerts/faults.ts';
import type { RequestLogEntry } from '../concerts/server.ts';
import { type ConcertWorld, setEventStatus, type WorldStatus } from '../concerts/world.ts';
import { toSeatGeekEvent } from './records.ts';
import { seatGeekSearch } from './search.ts';

export type SeatGeekFault = 'captcha' | 'empty' | 'pending_key' | 'server_error';

export interface SeatGeekSimOptions {
  world: ConcertWorld;
  clientIds?: string[];
  /** Client ids of accounts still "pending approval": they get 403 like a missing id. */
  pendingClientIds?: string[];
  perPageCap?: number;
  now?: () => number;
}

export interface SeatGeekSimState {
  world: ConcertWorld;
  clientIds: Set<string>;
  pendingClientIds: Set<string>;
  perPageCap: number;
  requestLog: RequestLogEntry[];
  faults: FaultQueue<SeatGeekFault>;
  now: () => number;
  /** Changes a show's status; the id is SeatGeek's (number) or Ticketmaster's (string). */
  setStatus(id: number | string, status: WorldStatus): void;
}

export function createSeatGeekSimState(options: SeatGeekSimOptions): SeatGeekSimState {
  return {
    world: options.world,
    clientIds: new Set(options.clientIds ?? ['sim-seatgeek-client']),
    pendingClientIds: new Set(options.pendingClientIds ?? []),
    perPageCap: options.perPageCap ?? 50,
    requestLog: [],
    faults: new FaultQueue(),
    now: options.now ?? Date.now,
    setStatus: (id, status) => void setEventStatus(options.world, id, status),
  };
}

const CAPTCHA_PAGE =
  '<!DOCTYPE html><html><head><title>Access to this page has been denied</title></head>' +
  '<body><div id="px-captcha"></div><p>Please verify you are a human.</p></body></html>';

export function createSeatGeekSimApp(state: SeatGeekSimState): Hono {
  const app = new Hono();

  app.get('/2/events', (c) => {
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
    const clientId = query.get('client_id') ?? '';
    if (!state.clientIds.has(clientId) || state.pendingClientIds.has(clientId)) return clientRequired(c);
    const fault = state.faults.take(query);
    const perPage = Math.min(Number(query.get('per_page') ?? 10) || 10, state.perPageCap);
    const page = Math.max(1, Number(query.get('page') ?? 1) || 1);
    switch (fault) {
      case 'captcha':
        return c.html(CAPTCHA_PAGE);
      case 'pending_key':
        return clientRequired(c);
      case 'server_error':
        return c.json({ status: 500, message: 'Internal Server Error' }, 500);
      case 'empty':
        return c.json({
          events: [],
          meta: { total: 0, page, per_page: perPage, took: 1, geolocation: null },
        });
    }
    const matches = seatGeekSearch(state.world, query);
    const events = matches
      .slice((page - 1) * perPage, page * perPage)
      .map((e) => toSeatGeekEvent(state.world, e));
    return c.json({
      events,
      meta: { total: matches.length, page, per_page: perPage, took: 3, geolocation: null },
    });
  }

  return app;
}

function clientRequired(c: Context): Response {
  return c.json(
    { errors: [{ code: 40307, message: 'Client is required for this endpoint.' }], status: 403, code: 40307 },
    403,
  );
}
