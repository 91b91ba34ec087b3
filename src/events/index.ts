export { PlaceInputError, SourceAuthError, SourceUnavailableError } from './errors.ts';
export { isSameShow, type MergeResult, mergeAcrossSources } from './merge.ts';
export {
  DEFAULT_RADIUS_MILES,
  type PlaceOptions,
  parsePlaceInput,
  parseRadius,
  placeSlug,
} from './places.ts';
export { createSeatGeekSource, type SeatGeekSourceOptions, seatGeekPlaceQuery } from './seatgeek.ts';
export { createEventSources, type EventSourceDeps, type EventSourceSettings } from './sources.ts';
export {
  createTicketmasterSource,
  type TicketmasterSourceOptions,
  ticketmasterPlaceQuery,
  ticketmasterRateLimitPolicy,
} from './ticketmaster.ts';
export type * from './types.ts';
export { DEFAULT_WINDOW_DAYS, parseDate, parseWindow, resolveWindow, type WindowInput } from './window.ts';
