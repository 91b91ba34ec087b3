/**
 * Builds the configured event sources from settings: Ticketmaster always (it is the
 * default and needs a key), SeatGeek only when a client id is set.
 */
import type { RawConfig } from '../config/schema.ts';
import type { CallCounter } from '../http/index.ts';
import type { Clock } from '../util/clock.ts';
import type { Logger } from '../util/logger.ts';
import { createSeatGeekSource } from './seatgeek.ts';
import { createTicketmasterSource } from './ticketmaster.ts';
import type { EventSource } from './types.ts';

export type EventSourceSettings = Pick<
  RawConfig,
  | 'TICKETMASTER_API_KEY'
  | 'TICKETMASTER_API_URL'
  | 'SEATGEEK_CLIENT_ID'
  | 'SEATGEEK_CLIENT_SECRET'
  | 'SEATGEEK_API_URL'
>;

export interface EventSourceDeps {
  clock: Clock;
  logger: Logger;
  counter: CallCounter;
  deferThresholdMs?: number;
  fetch?: typeof fetch;
}

/** Throws ConfigError (naming TICKETMASTER_API_KEY and where to get it) before any request when the key is missing. */
export function createEventSources(settings: EventSourceSettings, deps: EventSourceDeps): EventSource[] {
  const shared = {
    clock: deps.clock,
    logger: deps.logger,
    counter: deps.counter,
    deferThresholdMs: deps.deferThresholdMs,
    fetch: deps.fetch,
  };
  const sources = [
    createTicketmasterSource({
      apiKey: settings.TICKETMASTER_API_KEY,
      baseUrl: settings.TICKETMASTER_API_URL,
      ...shared,
    }),
  ];
  if (settings.SEATGEEK_CLIENT_ID) {
    sources.push(
      createSeatGeekSource({
        clientId: settings.SEATGEEK_CLIENT_ID,
        clientSecret: settings.SEATGEEK_CLIENT_SECRET,
        baseUrl: settings.SEATGEEK_API_URL,
        ...shared,
      }),
    );
  }
  return sources;
}
