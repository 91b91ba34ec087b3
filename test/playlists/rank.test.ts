import { describe, expect, it } from 'vitest';
import type { RankOptions } from '../../src/playlists/rank.ts';
import {
  type ArtistSlot,
  parseDefinition,
  PlaylistInputError,
  rankPlaylistTracks,
} from '../../src/playlists/index.ts';

function slot(artist: string, over: Partial<ArtistSlot> = {}): ArtistSlot {
  return {
    eventKey: `ticketmaster:${artist}`,
    eventName: `Show ${artist}`,
    localDate: '2026-12-01',
    startUtc: '2026-12-02T01:00:00.000Z',
    venueName: 'Hall',
    position: 0,
    part: 0,
    headliner: true,
    artistId: artist,
    artistName: artist,
    plays: 0,
    picks: [1, 2, 3, 4].map((n) => ({ trackId: `${artist}${n}`, trackName: `${artist} song ${n}` })),
    ...over,
  };
}

const all: RankOptions = { audience: 'all', tracksPerArtist: 2, maxTracks: 100 };
const artistsOf = (slots: ArtistSlot[], options = all) => [
  ...new Set(rankPlaylistTracks(slots, options).map((t) => t.artistId)),
];

describe('rankPlaylistTracks', () => {
  it('puts the soonest show first', () => {
    const slots = [slot('late', { localDate: '2026-12-09' }), slot('early', { localDate: '2026-11-30' })];
    expect(artistsOf(slots)).toEqual(['early', 'late']);
  });

  it('within a date: artists the user listens to first, most played first, then headliners before support', () => {
    const slots = [
      slot('head', { headliner: true }),
      slot('support', { headliner: false, position: 1, eventKey: 'ticketmaster:head' }),
      slot('knownSupport', { headliner: false, plays: 3 }),
      slot('fan', { headliner: false, plays: 40 }),
      slot('tomorrow', { localDate: '2026-12-02', plays: 1000 }),
    ];
    expect(artistsOf(slots)).toEqual(['fan', 'knownSupport', 'head', 'support', 'tomorrow']);
  });

  it('uses the show time, then the billing order, when all else is equal', () => {
    const slots = [
      slot('second', { startUtc: '2026-12-02T02:00:00.000Z' }),
      slot('tba', { startUtc: null }),
      slot('first', { startUtc: '2026-12-02T00:00:00.000Z' }),
    ];
    expect(artistsOf(slots)).toEqual(['first', 'second', 'tba']);
  });

  it('lists an artist playing twice once, at its first show', () => {
    const tracks = rankPlaylistTracks(
      [
        slot('twice', { localDate: '2026-12-20', eventKey: 'ticketmaster:late' }),
        slot('other', { localDate: '2026-12-10' }),
        slot('twice', { localDate: '2026-12-05', eventKey: 'ticketmaster:early' }),
      ],
      all,
    );
    expect(tracks.map((t) => t.trackId)).toEqual(['twice1', 'twice2', 'other1', 'other2']);
    expect(tracks[0]?.eventKey).toBe('ticketmaster:early');
  });

  it('never repeats a track, taking the next pick instead', () => {
    const shared = { trackId: 'collab', trackName: 'Collab' };
    const tracks = rankPlaylistTracks(
      [
        slot('a', { picks: [shared, { trackId: 'a2', trackName: null }] }),
        slot('b', {
          localDate: '2026-12-03',
          picks: [shared, { trackId: 'b2', trackName: null }, { trackId: 'b3', trackName: null }],
        }),
      ],
      all,
    );
    expect(tracks.map((t) => t.trackId)).toEqual(['collab', 'a2', 'b2', 'b3']);
  });

  it('honours tracks per artist, the track cap and the audience', () => {
    const slots = [slot('a', { plays: 2 }), slot('b'), slot('c', { localDate: '2026-12-05', plays: 1 })];
    expect(rankPlaylistTracks(slots, { ...all, tracksPerArtist: 1 }).map((t) => t.trackId)).toEqual([
      'a1',
      'b1',
      'c1',
    ]);
    expect(
      rankPlaylistTracks(slots, { ...all, tracksPerArtist: 4, maxTracks: 6 }).map((t) => t.trackId),
    ).toEqual(['a1', 'a2', 'a3', 'a4', 'b1', 'b2']);
    expect(artistsOf(slots, { ...all, audience: 'known' })).toEqual(['a', 'c']);
    expect(artistsOf(slots, { ...all, audience: 'new' })).toEqual(['b']);
  });
});

describe('parseDefinition', () => {
  it('fills the defaults', () => {
    expect(parseDefinition({ placeId: 'buffalo-ny' })).toEqual({
      placeId: 'buffalo-ny',
      windowDays: 90,
      genre: null,
      audience: 'all',
      tracksPerArtist: 3,
      maxTracks: 100,
    });
    expect(parseDefinition({ placeId: 'p', window: '12w', onlyNew: true, genre: ' rock ' })).toMatchObject({
      windowDays: 84,
      audience: 'new',
      genre: 'rock',
    });
  });

  it.each([
    [{ onlyKnown: true, onlyNew: true }, 'Choose --only-known or --only-new, not both.'],
    [{ window: 'soon' }, 'Window must look like 90d or 12w (got "soon").'],
    [{ tracksPerArtist: '0' }, '--tracks-per-artist must be a whole number from 1 to 10 (got "0").'],
    [{ maxTracks: '2.5' }, '--max-tracks must be a whole number from 1 to 10000 (got "2.5").'],
    [{ maxTracks: '20000' }, '--max-tracks must be a whole number from 1 to 10000 (got "20000").'],
    [{ genre: '  ' }, '--genre must not be empty.'],
  ])('refuses %o', (input, message) => {
    expect(() => parseDefinition({ placeId: 'p', ...input })).toThrow(PlaylistInputError);
    expect(() => parseDefinition({ placeId: 'p', ...input })).toThrow(message);
  });
});
