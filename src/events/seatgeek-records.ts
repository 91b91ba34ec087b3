/**
 * SeatGeek Platform JSON → NormalisedEvent. Field facts: `datetime_local` has no zone
 * (the venue's `timezone` says which), `datetime_utc` has no `Z` either, `links` on
 * performers is missing nearly always, `state` may be null outside the US.
 */
import { z } from 'zod';
import { parseSpotifyArtistId } from './links.ts';
import { localToUtc, parseUtcTimestamp, toHourMinute } from './time.ts';
import type { BilledPerformer, EventStatus, NormalisedEvent, Venue } from './types.ts';

const id = z.union([z.number(), z.string()]).transform(String);
const coordinate = z.union([z.number(), z.string()]).nullish();

const performerSchema = z.object({
  id: id.optional(),
  name: z.string().min(1),
  primary: z.boolean().nullish(),
  genres: z.array(z.object({ name: z.string(), primary: z.boolean().nullish() })).nullish(),
  links: z
    .array(z.object({ provider: z.string(), id: z.string().nullish(), url: z.string().nullish() }))
    .nullish(),
});

const venueSchema = z.object({
  id,
  name: z.string().min(1),
  city: z.string().nullish(),
  state: z.string().nullish(),
  country: z.string().nullish(),
  postal_code: z.string().nullish(),
  timezone: z.string().nullish(),
  location: z.object({ lat: coordinate, lon: coordinate }).nullish(),
});

export const seatGeekEventSchema = z.object({
  id,
  title: z.string().min(1),
  status: z.string().nullish(),
  datetime_utc: z.string().nullish(),
  datetime_local: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/, 'expected YYYY-MM-DDTHH:MM:SS'),
  time_tbd: z.boolean().nullish(),
  url: z.string().nullish(),
  taxonomies: z.array(z.object({ name: z.string() })).nullish(),
  venue: venueSchema,
  performers: z.array(performerSchema).nullish(),
});

export const seatGeekPageSchema = z.object({
  events: z.array(z.unknown()),
  meta: z.object({ total: z.number(), page: z.number(), per_page: z.number() }),
});

export type SeatGeekPage = z.infer<typeof seatGeekPageSchema>;
type SeatGeekEvent = z.infer<typeof seatGeekEventSchema>;
type SeatGeekPerformer = z.infer<typeof performerSchema>;

const STATUS: Record<string, EventStatus> = {
  cancelled: 'cancelled',
  canceled: 'cancelled',
  postponed: 'postponed',
  rescheduled: 'rescheduled',
};

export type RecordResult = { event: NormalisedEvent } | { problem: string; sourceId?: string };

export function normaliseSeatGeekEvent(raw: unknown): RecordResult {
  const parsed = seatGeekEventSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const rawId = (raw as { id?: unknown })?.id;
    const problem = `${issue?.path.join('.') || 'event'}: ${issue?.message}`;
    return rawId === undefined ? { problem } : { problem, sourceId: String(rawId) };
  }
  const sg = parsed.data;
  const venue = normaliseVenue(sg.venue);
  const localDate = sg.datetime_local.slice(0, 10);
  const localTime = sg.time_tbd ? null : toHourMinute(sg.datetime_local.slice(11));
  return {
    event: {
      key: `seatgeek:${sg.id}`,
      source: 'seatgeek',
      sourceId: sg.id,
      name: sg.title,
      url: sg.url ?? null,
      startUtc: startInstant(sg, localDate, localTime, venue.timeZone),
      localDate,
      localTime,
      timeZone: venue.timeZone,
      status: STATUS[sg.status?.toLowerCase() ?? ''] ?? 'scheduled',
      classification: classification(sg),
      venue,
      performers: billedPerformers(sg),
    },
  };
}

/**
 * The start as a UTC instant. When the time is "to be decided", SeatGeek still fills a
 * placeholder time: that is not a start, so it stays null.
 */
function startInstant(sg: SeatGeekEvent, localDate: string, localTime: string | null, zone: string | null) {
  if (!localTime) return null;
  const utc = sg.datetime_utc ? parseUtcTimestamp(sg.datetime_utc) : null;
  if (utc) return utc.toISOString();
  return zone ? localToUtc(localDate, localTime, zone).toISOString() : null;
}

function normaliseVenue(v: z.infer<typeof venueSchema>): Venue {
  const num = (value: string | number | null | undefined) => {
    const n = value === null || value === undefined || value === '' ? Number.NaN : Number(value);
    return Number.isFinite(n) ? n : null;
  };
  return {
    key: `seatgeek:venue:${v.id}`,
    name: v.name,
    city: v.city ?? null,
    stateCode: v.state ?? null,
    countryCode: v.country ?? null,
    postalCode: v.postal_code ?? null,
    lat: num(v.location?.lat),
    lon: num(v.location?.lon),
    timeZone: v.timezone ?? null,
  };
}

function classification(sg: SeatGeekEvent): NormalisedEvent['classification'] {
  const segment = sg.taxonomies?.[0]?.name;
  const genre = primaryGenre(sg.performers?.find((p) => p.primary) ?? sg.performers?.[0]);
  return { ...(segment ? { segment } : {}), ...(genre ? { genre } : {}) };
}

function primaryGenre(performer: SeatGeekPerformer | undefined): string | undefined {
  return (performer?.genres?.find((g) => g.primary) ?? performer?.genres?.[0])?.name;
}

/** The `primary` performer first (the headliner), then the others in the order listed. */
function billedPerformers(sg: SeatGeekEvent): BilledPerformer[] {
  const listed = sg.performers ?? [];
  if (listed.length === 0) return [{ name: sg.title, order: 0, headliner: true, billedFrom: 'event_name' }];
  const primaryAt = Math.max(
    0,
    listed.findIndex((p) => p.primary),
  );
  const ordered = [listed[primaryAt]!, ...listed.filter((_, i) => i !== primaryAt)];
  return ordered.map((p, order) => {
    const performer: BilledPerformer = { name: p.name, order, headliner: order === 0, billedFrom: 'source' };
    if (p.id) performer.sourceId = p.id;
    const spotify = p.links
      ?.filter((l) => l.provider.toLowerCase() === 'spotify')
      .map((l) => parseSpotifyArtistId(l.id) ?? parseSpotifyArtistId(l.url))
      .find(Boolean);
    if (spotify) performer.spotifyArtistId = spotify;
    const genre = primaryGenre(p);
    if (genre) performer.genre = genre;
    return performer;
  });
}
