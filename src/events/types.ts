/**
 * The shapes every event source produces. Adapters translate a provider's JSON into
 * these; everything downstream (merge, storage, matching, playlists) only sees these.
 */

/** Providers with an adapter. A new provider (JamBase, Bandsintown) adds a member here and one adapter. */
export type SourceName = 'ticketmaster' | 'seatgeek';

/** `ticketmaster:<id>` or `seatgeek:<id>`: the natural key of an event from one source. */
export type EventKey = `${SourceName}:${string}`;

export type EventStatus = 'scheduled' | 'cancelled' | 'postponed' | 'rescheduled';

export type PlaceKind = 'point' | 'postal' | 'city' | 'state';

/** Where a user wants shows: a point with a radius, a postal code, a city, or a whole state. */
export interface Place {
  /** Slug of the name (`buffalo-ny`); the key of the place in the database and the CLI. */
  id: string;
  name: string;
  kind: PlaceKind;
  lat?: number;
  lon?: number;
  radiusMiles?: number;
  postalCode?: string;
  city?: string;
  stateCode?: string;
  /** ISO 3166 alpha-2, upper case; `US` unless given. */
  countryCode: string;
  timeZone?: string;
}

export interface Venue {
  /** `<source>:venue:<id>`, so venues from two sources never collide. */
  key: string;
  name: string;
  city: string | null;
  stateCode: string | null;
  countryCode: string | null;
  postalCode: string | null;
  lat: number | null;
  lon: number | null;
  timeZone: string | null;
}

/**
 * One performer as the source billed it. Names are kept verbatim: splitting co-bills and
 * spotting tribute acts is the matcher's job (src/matching), which sees the original.
 */
export interface BilledPerformer {
  name: string;
  /** 0 = first billed. */
  order: number;
  headliner: boolean;
  /**
   * `source`: the provider listed this performer. `event_name`: the provider listed no
   * performer (common for club shows), so the event's name stands in for the bill.
   */
  billedFrom: 'source' | 'event_name';
  sourceId?: string;
  /** 22-character Spotify artist id, when the source links one. */
  spotifyArtistId?: string;
  mbid?: string;
  genre?: string;
}

export interface Classification {
  segment?: string;
  genre?: string;
  subGenre?: string;
}

export interface NormalisedEvent {
  key: EventKey;
  source: SourceName;
  sourceId: string;
  name: string;
  url: string | null;
  /** ISO 8601 UTC instant; null when the source has no time yet (TBA). */
  startUtc: string | null;
  /** The date on the venue's calendar, `YYYY-MM-DD`. */
  localDate: string;
  /** `HH:MM` on the venue's clock; null when the time is not announced. */
  localTime: string | null;
  /** IANA zone of the venue; null when the source does not say. */
  timeZone: string | null;
  status: EventStatus;
  classification: Classification;
  venue: Venue;
  performers: BilledPerformer[];
}

/** An event after cross-source merging: the keys of the same show at other sources. */
export interface MergedEvent extends NormalisedEvent {
  altKeys: string[];
}

export interface FetchWindow {
  from: Date;
  to: Date;
}

/** A record the source returned that could not be normalised (logged and counted, never stored). */
export interface SkippedRecord {
  sourceId?: string;
  problem: string;
}

/** One response's worth of events, so a caller can show progress and keep partial results. */
export interface EventPage {
  source: SourceName;
  events: NormalisedEvent[];
  skipped: SkippedRecord[];
  /** Things the user should know (e.g. a date slice too dense to read completely). */
  warnings: string[];
  /** Requests this source has made for this place so far. */
  requests: number;
  /** The source's own estimate of how many events the whole fetch holds, when it gives one. */
  expectedTotal?: number;
}

/**
 * An event provider. `fetchEvents` yields one page at a time: a caller that stops early,
 * or an error thrown after some pages (DeferredError on a spent quota), keeps what was
 * already yielded. Adapters throw before any request when they are not configured.
 */
export interface EventSource {
  readonly name: SourceName;
  fetchEvents(place: Place, window: FetchWindow): AsyncIterable<EventPage>;
}
