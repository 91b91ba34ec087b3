/** Simulated events in Ticketmaster Discovery v2's shape: string lat/long, `_embedded`, `_links`. */
import type { ConcertWorld, WorldArtist, WorldEvent, WorldVenue } from '../concerts/world.ts';

const SEGMENT = { id: 'KZFzniwnSyZfZ7v7nJ', name: 'Music' };

function classification(genre: string) {
  return [
    {
      primary: true,
      segment: SEGMENT,
      genre: { id: `KnvZfZ7vA${genre.length}`, name: genre },
      subGenre: { id: 'KZazBEonSMnZfZ7vkdl', name: 'Undefined' },
    },
  ];
}

export function toTicketmasterEvent(world: ConcertWorld, event: WorldEvent) {
  const venue = world.venueById.get(event.venueId)!;
  const headliner = world.artists[event.performers[0]!]!;
  const start: Record<string, unknown> = {
    localDate: event.localDate,
    dateTBD: false,
    dateTBA: false,
    timeTBA: event.localTime === null,
    noSpecificTime: event.localTime === null,
  };
  if (event.localTime) {
    start.localTime = event.localTime;
    start.dateTime = new Date(event.startUtcMs).toISOString().replace('.000Z', 'Z');
  }
  const embedded: Record<string, unknown> = { venues: [toVenue(venue)] };
  if (event.listsAttractions)
    embedded.attractions = event.performers.map((i) => toAttraction(world.artists[i]!));
  return {
    name: event.name,
    type: 'event',
    id: event.id,
    test: false,
    url: `https://www.ticketmaster.com/event/${event.id}`,
    locale: 'en-us',
    dates: { start, timezone: venue.timeZone, status: { code: event.status }, spanMultipleDays: false },
    classifications: classification(headliner.genre),
    _links: { self: { href: `/discovery/v2/events/${event.id}?locale=en-us` } },
    _embedded: embedded,
  };
}

function toVenue(venue: WorldVenue) {
  return {
    name: venue.name,
    type: 'venue',
    id: venue.id,
    locale: 'en-us',
    postalCode: venue.postalCode,
    timezone: venue.timeZone,
    city: { name: venue.city },
    state: { name: venue.stateCode, stateCode: venue.stateCode },
    country: { name: 'United States Of America', countryCode: venue.countryCode },
    address: { line1: venue.address },
    // Ticketmaster sends coordinates as strings.
    location: { longitude: String(venue.lon), latitude: String(venue.lat) },
    _links: { self: { href: `/discovery/v2/venues/${venue.id}?locale=en-us` } },
  };
}

function toAttraction(artist: WorldArtist) {
  const externalLinks: Record<string, unknown> = {
    homepage: [{ url: `https://example.com/${encodeURIComponent(artist.name)}` }],
  };
  if (artist.ticketmasterLinksSpotify && artist.spotifyId) {
    const query = artist.index % 2 === 0 ? '?autoplay=true' : '';
    externalLinks.spotify = [{ url: `https://open.spotify.com/artist/${artist.spotifyId}${query}` }];
  }
  if (artist.mbid) externalLinks.musicbrainz = [{ id: artist.mbid }];
  return {
    name: artist.name,
    type: 'attraction',
    id: artist.attractionId,
    locale: 'en-us',
    externalLinks,
    classifications: classification(artist.genre),
    _links: { self: { href: `/discovery/v2/attractions/${artist.attractionId}?locale=en-us` } },
  };
}
