/**
 * Simulated events in SeatGeek's shape: integer ids, `datetime_local` and `datetime_utc`
 * without any zone suffix, numeric coordinates, performers with `primary`, and `links`
 * only on the few performers SeatGeek still links to Spotify.
 */
import { utcToWallClock } from '../concerts/time.ts';
import type { ConcertWorld, WorldArtist, WorldEvent, WorldStatus } from '../concerts/world.ts';

const STATUS: Record<WorldStatus, string> = {
  onsale: 'normal',
  offsale: 'normal',
  cancelled: 'cancelled',
  postponed: 'postponed',
  rescheduled: 'rescheduled',
};

/** When the time is to be decided, SeatGeek still shows a placeholder of 03:30 local. */
const TBD_PLACEHOLDER = '03:30:00';

export function toSeatGeekEvent(world: ConcertWorld, event: WorldEvent) {
  const venue = world.venueById.get(event.venueId)!;
  const localTime = event.localTime ?? TBD_PLACEHOLDER;
  const utcMs = event.localTime ? event.startUtcMs : event.startUtcMs + 3.5 * 3_600_000;
  const utc = utcToWallClock(utcMs, 'UTC');
  const slug = event.seatGeekTitle.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  return {
    id: event.seatGeekId,
    title: event.seatGeekTitle,
    short_title: event.seatGeekTitle,
    type: 'concert',
    status: STATUS[event.status],
    datetime_utc: `${utc.date}T${utc.time}`,
    datetime_local: `${event.localDate}T${localTime}`,
    datetime_tbd: false,
    date_tbd: false,
    time_tbd: event.localTime === null,
    url: `https://seatgeek.com/${slug}-tickets/${event.localDate}/${event.seatGeekId}`,
    score: 0.5,
    popularity: 0.5,
    taxonomies: [{ id: 2000000, name: 'concert', parent_id: null }],
    stats: {},
    venue: {
      id: venue.seatGeekId,
      name: venue.seatGeekName,
      city: venue.city,
      state: venue.stateCode,
      country: venue.countryCode,
      postal_code: venue.postalCode,
      address: venue.address,
      timezone: venue.timeZone,
      location: { lat: venue.seatGeekLat, lon: venue.seatGeekLon },
      capacity: 0,
      slug: venue.seatGeekName.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
      url: `https://seatgeek.com/venues/${venue.seatGeekId}`,
    },
    performers: event.performers.map((index, position) => toPerformer(world.artists[index]!, position === 0)),
  };
}

function toPerformer(artist: WorldArtist, primary: boolean) {
  const genreSlug = artist.genre.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  const performer: Record<string, unknown> = {
    id: artist.seatGeekId,
    name: artist.name,
    short_name: artist.name,
    slug: artist.name.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
    type: 'band',
    primary,
    image: null,
    genres: [{ id: artist.genre.length, name: artist.genre, slug: genreSlug, primary: true }],
    num_upcoming_events: 1,
    url: `https://seatgeek.com/${artist.seatGeekId}-tickets`,
  };
  if (artist.seatGeekLinksSpotify && artist.spotifyId) {
    performer.links = [
      {
        id: `spotify:artist:${artist.spotifyId}`,
        provider: 'spotify',
        url: `https://open.spotify.com/artist/${artist.spotifyId}`,
      },
    ];
  }
  return performer;
}
