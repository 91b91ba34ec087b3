/**
 * The upcoming shows as a user sees them: each event with its bill, every performer's
 * match (or why there is none) and how often the user has played them. The playlist
 * builder reads the same listing, so the CLI and the playlist never disagree.
 */
import { genresOverlap } from '../matching/index.ts';
import type { Queryable } from '../store/db.ts';
import { listUpcomingEvents, type StoredEvent } from '../store/events.ts';
import { loadMatches, resolveBilling, type StoredMatch } from './billing-matches.ts';
import { streamsByArtist, streamsText } from '../analytics/artist-streams.ts';
import { artistGenres } from './listening.ts';

export interface ShowsQuery {
  placeId?: string;
  /** Shows from this instant (usually now). */
  from: Date;
  to?: Date;
  /** Venue-local calendar days (YYYY-MM-DD), inclusive: what `--from`/`--to` mean to people. */
  fromDate?: string;
  toDate?: string;
  /** Keep shows with a performer or classification in this genre family. */
  genre?: string;
  /** Only shows with a performer the user has played. */
  knownOnly?: boolean;
  /** Whose plays count; null = nobody's (no badges). */
  userId: string | null;
  includeCancelled?: boolean;
}

export interface ShowArtist {
  /** The name that was decided (the billing, or one of its co-bill parts). */
  name: string;
  key: string;
  match: StoredMatch | null;
  /**
   * The user's streams of the matched artist, all time (0 when unmatched): the same number
   * the dashboard shows for the artist (src/analytics/artist-streams.ts).
   */
  plays: number;
  /** Spotify genres stored for the matched artist. */
  genres: string[];
}

export interface ShowPerformer {
  billed: string;
  position: number;
  headliner: boolean;
  genre: string | null;
  artists: ShowArtist[];
}

export interface ShowListing {
  event: StoredEvent;
  performers: ShowPerformer[];
  /** Some performer is an artist the user has played. */
  known: boolean;
}

const DAY_MS = 86_400_000;

/**
 * `--from 2026-12-01 --to 2026-12-31` as a query: days on the venues' calendars. The
 * instants around them are a day wider (venues are up to 14 h off UTC); the days decide.
 */
export function dateQuery(
  days: { from?: Date; to?: Date },
  now: number,
): Pick<ShowsQuery, 'from' | 'to' | 'fromDate' | 'toDate'> {
  const day = (d: Date) => d.toISOString().slice(0, 10);
  return {
    from: days.from ? new Date(days.from.getTime() - DAY_MS) : new Date(now),
    ...(days.from ? { fromDate: day(days.from) } : {}),
    ...(days.to ? { to: new Date(days.to.getTime() + 2 * DAY_MS), toDate: day(days.to) } : {}),
  };
}

/** Upcoming events of a query, with its calendar-day bounds applied. */
export async function queryEvents(db: Queryable, query: Omit<ShowsQuery, 'userId'>): Promise<StoredEvent[]> {
  const events = await listUpcomingEvents(db, {
    ...(query.placeId ? { placeId: query.placeId } : {}),
    from: query.from,
    ...(query.to ? { to: query.to } : {}),
    includeCancelled: query.includeCancelled ?? false,
  });
  return events.filter(
    (e) =>
      (!query.fromDate || e.localDate >= query.fromDate) && (!query.toDate || e.localDate <= query.toDate),
  );
}

export async function listShows(db: Queryable, query: ShowsQuery): Promise<ShowListing[]> {
  const events = await queryEvents(db, query);
  const decisions = await loadMatches(
    db,
    events.flatMap((e) => e.performers.map((p) => p.name)),
  );
  const resolved = events.map((event) => ({
    event,
    bill: event.performers.map((p) => ({ performer: p, artists: resolveBilling(p.name, decisions) })),
  }));
  const matched = resolved.flatMap((r) =>
    r.bill.flatMap((b) =>
      b.artists.flatMap((a) =>
        a.match?.artistId ? [{ id: a.match.artistId, name: a.match.artistName ?? a.name }] : [],
      ),
    ),
  );
  const streams = query.userId
    ? await streamsByArtist(db, query.userId, matched)
    : new Map<string, { streams: number }>();
  const genres = await artistGenres(
    db,
    matched.map((m) => m.id),
  );
  const listings = resolved.map(({ event, bill }): ShowListing => {
    const performers = bill.map(({ performer, artists }) => ({
      billed: performer.name,
      position: performer.order,
      headliner: performer.headliner,
      genre: performer.genre ?? null,
      artists: artists.map((a) => {
        const id = a.match?.artistId ?? null;
        return {
          ...a,
          plays: id ? (streams.get(id)?.streams ?? 0) : 0,
          genres: id ? (genres.get(id) ?? []) : [],
        };
      }),
    }));
    const known = performers.some((p) => p.artists.some((a) => a.plays > 0));
    return { event, performers, known };
  });
  return listings.filter(
    (l) => (!query.knownOnly || l.known) && (!query.genre || showInGenre(l, query.genre)),
  );
}

/** The genre labels that describe one artist on one bill: the event's, the billing's, Spotify's. */
export function genreLabels(event: StoredEvent, performer: ShowPerformer, artist?: ShowArtist): string[] {
  const labels = [event.classification.genre, event.classification.subGenre, performer.genre];
  return [...labels.filter((l): l is string => Boolean(l)), ...(artist?.genres ?? [])];
}

export function inGenre(genre: string, labels: readonly string[]): boolean {
  const wanted = genre.trim().toLowerCase();
  return labels.some((l) => l.toLowerCase().includes(wanted)) || genresOverlap(genre, labels);
}

function showInGenre(listing: ShowListing, genre: string): boolean {
  return listing.performers.some((p) =>
    p.artists.length === 0
      ? inGenre(genre, genreLabels(listing.event, p))
      : p.artists.some((a) => inGenre(genre, genreLabels(listing.event, p, a))),
  );
}

/** `143 streams`, `1 stream`, or '' for artists the user has not streamed. */
export function playedBadge(streams: number): string {
  return streams > 0 ? streamsText(streams) : '';
}

function describeArtist(artist: ShowArtist): string {
  const { match } = artist;
  if (!match) return `${artist.name} → not matched yet`;
  if (!match.artistId) return `${artist.name} → ${match.tribute ? 'unmatched (tribute act)' : 'unmatched'}`;
  const badge = playedBadge(artist.plays);
  return `${artist.name} → ${match.artistName ?? match.artistId}${badge ? ` (${badge})` : ''}`;
}

/** One line per event: date, time, venue, then the bill with matches and badges. */
export function formatShowLine(listing: ShowListing): string {
  const { event } = listing;
  const when = `${event.localDate} ${event.localTime ?? 'TBA  '}`;
  const where = [event.venue.name, [event.venue.city, event.venue.stateCode].filter(Boolean).join(' ')]
    .filter(Boolean)
    .join(', ');
  const status = event.status === 'scheduled' ? '' : ` [${event.status}]`;
  const bill = listing.performers
    .flatMap((p) =>
      p.artists.length ? p.artists.map(describeArtist) : [`${p.billed} → unmatched (no name to match)`],
    )
    .join(' · ');
  return `${when}  ${where}${status}  |  ${bill || '(no performers listed)'}`;
}
