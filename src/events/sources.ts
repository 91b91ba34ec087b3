/**
 * Builds the configured event sources from settings: Ticketmaster always (it is the
 * default and needs a key), SeatGeek only when a client id is set.
 */
import type { EventsConfig } from '../config/config.ts';
import type { CallCounter } from '../http/index.ts';
import type { Clock } from '../util/clock.ts';
import type { Logger } from '../util/logger.ts';
import { createSeatGeekSource } from './seatgeek.ts';
import { createTicketmasterSource } from './ticketmaster.ts';
import type { EventSource } from './types.ts';

/** `config.events` (setlist.fm is not an event source, so it may be left out). */
export type EventSourceSettings = Pick<EventsConfig, 'ticketmaster' | 'seatgeek'>;

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
      apiKey: settings.ticketmaster.apiKey,
      baseUrl: settings.ticketmaster.apiUrl,
      ...shared,
    }),
  ];
  const { seatgeek } = settings;
  if (seatgeek.clientId) {
    sources.push(
      createSeatGeekSource({
        clientId: seatgeek.clientId,
        clientSecret: seatgeek.clientSecret,
        baseUrl: seatgeek.apiUrl,
        ...shared,
      }),
    );
  }
  return sources;
}
