/**
 * Ticketmaster Discovery v2 JSON → NormalisedEvent. The page schema is strict about what
 * paging needs; each event is parsed on its own so one odd record is skipped and counted,
 * never fatal. Field facts: lat/long are strings, `_embedded` is absent on empty pages,
 * `_embedded.attractions` is absent on many club shows.
 */
import { z } from 'zod';
import { parseMbid, parseSpotifyArtistId } from './links.ts';
import { localToUtc, toHourMinute } from './time.ts';
import type { BilledPerformer, Classification, EventStatus, NormalisedEvent, Venue } from './types.ts';

const named = z.object({ name: z.string().optional() }).optional();

const classificationSchema = z.object({ segment: named, genre: named, subGenre: named });

const attractionSchema = z.object({
  id: z.string().optional(),
  name: z.string().min(1),
  classifications: z.array(classificationSchema).optional(),
  externalLinks: z
    .object({
      spotify: z.array(z.object({ url: z.string() })).optional(),
      musicbrainz: z.array(z.object({ id: z.string() })).optional(),
    })
    .optional(),
});

/** Ticketmaster sends coordinates as strings ("42.8864"); tolerate numbers too. */
const coordinate = z.union([z.string(), z.number()]).optional();

const venueSchema = z.object({
  id: z.string(),
  name: z.string().min(1),
  postalCode: z.string().optional(),
  timezone: z.string().optional(),
  city: named,
  state: z.object({ stateCode: z.string().optional() }).optional(),
  country: z.object({ countryCode: z.string().optional() }).optional(),
  location: z.object({ latitude: coordinate, longitude: coordinate }).optional(),
});

export const ticketmasterEventSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  url: z.string().optional(),
  dates: z.object({
    start: z.object({
      localDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
      localTime: z.string().optional(),
      dateTime: z.string().optional(),
    }),
    timezone: z.string().optional(),
    status: z.object({ code: z.string() }).optional(),
  }),
  classifications: z.array(classificationSchema).optional(),
  _embedded: z
    .object({ venues: z.array(venueSchema).optional(), attractions: z.array(attractionSchema).optional() })
    .optional(),
});

export type TicketmasterEvent = z.infer<typeof ticketmasterEventSchema>;

export const ticketmasterPageSchema = z.object({
  _embedded: z.object({ events: z.array(z.unknown()) }).optional(),
  page: z.object({
    size: z.number(),
    totalElements: z.number(),
    totalPages: z.number(),
    number: z.number(),
  }),
});

export type TicketmasterPage = z.infer<typeof ticketmasterPageSchema>;

const STATUS: Record<string, EventStatus> = {
  cancelled: 'cancelled',
  canceled: 'cancelled',
  postponed: 'postponed',
  rescheduled: 'rescheduled',
};

/** `onsale`/`offsale` (and anything unknown) are still going ahead. */
export function ticketmasterStatus(code: string | undefined): EventStatus {
  return STATUS[code?.toLowerCase() ?? ''] ?? 'scheduled';
}

export type RecordResult = { event: NormalisedEvent } | { problem: string; sourceId?: string };

export function normaliseTicketmasterEvent(raw: unknown): RecordResult {
  const parsed = ticketmasterEventSchema.safeParse(raw);
  const rawId = typeof (raw as { id?: unknown })?.id === 'string' ? (raw as { id: string }).id : undefined;
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { problem: `${issue?.path.join('.') || 'event'}: ${issue?.message}`, sourceId: rawId };
  }
  const tm = parsed.data;
  const venueRecord = tm._embedded?.venues?.[0];
  if (!venueRecord) return { problem: 'event has no venue', sourceId: tm.id };
  const venue = normaliseVenue(venueRecord);
  const timeZone = tm.dates.timezone ?? venue.timeZone;
  const localTime = toHourMinute(tm.dates.start.localTime);
  return {
    event: {
      key: `ticketmaster:${tm.id}`,
      source: 'ticketmaster',
      sourceId: tm.id,
      name: tm.name,
      url: tm.url ?? null,
      startUtc: startInstant(tm.dates.start.dateTime, tm.dates.start.localDate, localTime, timeZone),
      localDate: tm.dates.start.localDate,
      localTime,
      timeZone,
      status: ticketmasterStatus(tm.dates.status?.code),
      classification: classification(tm.classifications?.[0]),
      venue,
      performers: billedPerformers(tm),
    },
  };
}

function startInstant(
  dateTime: string | undefined,
  localDate: string,
  localTime: string | null,
  zone: string | null,
) {
  if (dateTime) {
    const date = new Date(dateTime);
    if (!Number.isNaN(date.getTime())) return date.toISOString();
  }
  return localTime && zone ? localToUtc(localDate, localTime, zone).toISOString() : null;
}

function normaliseVenue(v: z.infer<typeof venueSchema>): Venue {
  return {
    key: `ticketmaster:venue:${v.id}`,
    name: v.name,
    city: v.city?.name ?? null,
    stateCode: v.state?.stateCode ?? null,
    countryCode: v.country?.countryCode ?? null,
    postalCode: v.postalCode ?? null,
    lat: toNumber(v.location?.latitude),
    lon: toNumber(v.location?.longitude),
    timeZone: v.timezone ?? null,
  };
}

function toNumber(value: string | number | undefined): number | null {
  if (value === undefined || value === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

function classification(c: z.infer<typeof classificationSchema> | undefined): Classification {
  const out: Classification = {};
  const useful = (name: string | undefined) => (name && name !== 'Undefined' ? name : undefined);
  const segment = useful(c?.segment?.name);
  const genre = useful(c?.genre?.name);
  const subGenre = useful(c?.subGenre?.name);
  if (segment) out.segment = segment;
  if (genre) out.genre = genre;
  if (subGenre) out.subGenre = subGenre;
  return out;
}

/** Attractions in billing order, the first being the headliner; the event name when there are none. */
function billedPerformers(tm: TicketmasterEvent): BilledPerformer[] {
  const attractions = tm._embedded?.attractions ?? [];
  if (attractions.length === 0)
    return [{ name: tm.name, order: 0, headliner: true, billedFrom: 'event_name' }];
  return attractions.map((a, order) => {
    const performer: BilledPerformer = { name: a.name, order, headliner: order === 0, billedFrom: 'source' };
    if (a.id) performer.sourceId = a.id;
    const spotify = a.externalLinks?.spotify?.map((l) => parseSpotifyArtistId(l.url)).find(Boolean);
    if (spotify) performer.spotifyArtistId = spotify;
    const mbid = a.externalLinks?.musicbrainz?.map((l) => parseMbid(l.id)).find(Boolean);
    if (mbid) performer.mbid = mbid;
    const genre = classification(a.classifications?.[0]).genre;
    if (genre) performer.genre = genre;
    return performer;
  });
}
