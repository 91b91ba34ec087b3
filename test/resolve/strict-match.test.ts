import { describe, expect, it } from 'vitest';
import type { MusicBrainzClient } from '../../src/enrich/musicbrainz.ts';
import { musicBrainzGenres } from '../../src/resolve/mb-genres.ts';
import { strictTrackMatch, trackSearchQuery } from '../../src/resolve/strict-match.ts';
import type { Track } from '../../src/spotify/schemas.ts';

function track(id: string, name: string, artists: string[], isrc?: string): Track {
  return {
    id,
    name,
    duration_ms: 200_000,
    album: { id: `al-${id}`, name: 'Album' },
    artists: artists.map((a, i) => ({ id: `ar-${i}-${a}`, name: a })),
    external_ids: isrc ? { isrc } : undefined,
  };
}

describe('strict track matching', () => {
  it('accepts only an equal title and an equal artist, after normalisation', () => {
    const results = [
      track('a', 'Halo - Live', ['Beyoncé']),
      track('b', 'Halo', ['Beyonce Tribute Band']),
      track('c', 'HALO', ['Beyonce']),
    ];
    expect(strictTrackMatch(results, 'Halo', 'Beyoncé')).toEqual({ kind: 'match', track: results[2] });
    expect(strictTrackMatch(results.slice(0, 2), 'Halo', 'Beyoncé')).toEqual({ kind: 'none' });
  });

  it('matches a featured artist too, and never on empty names', () => {
    const feat = track('f', 'Duet', ['Main Act', 'Guest']);
    expect(strictTrackMatch([feat], 'Duet', 'Guest').kind).toBe('match');
    expect(strictTrackMatch([feat], 'Duet', '').kind).toBe('none');
    expect(strictTrackMatch([track('p', '...', ['Main Act'])], '...', 'Main Act').kind).toBe('none');
  });

  it('takes the first of several equal results only when they are one recording (one ISRC)', () => {
    const single = track('s', 'The Weight', ['The Band'], 'USCA16900001');
    const album = track('l', 'The Weight', ['The Band'], 'usca16900001');
    expect(strictTrackMatch([single, album], 'The Weight', 'The Band')).toEqual({
      kind: 'match',
      track: single,
    });
    const rerecorded = track('r', 'The Weight', ['The Band'], 'USCA19900002');
    expect(strictTrackMatch([single, rerecorded], 'The Weight', 'The Band')).toEqual({
      kind: 'ambiguous',
      candidates: 2,
    });
  });

  it('builds a field-filtered query without stray quotes', () => {
    expect(trackSearchQuery('Say "Hello"', 'Some  Band')).toBe('track:"Say Hello" artist:"Some Band"');
  });
});

/** A stub MusicBrainz (unit test): canned answers, and a log of what was asked. */
function stubMb(answers: {
  byUrl?: Array<{ id: string; name: string }>;
  search?: Array<{ id: string; name: string; score?: number }>;
  artists?: Record<
    string,
    { genres?: Array<[string, number]>; tags?: Array<[string, number]>; urls?: string[] }
  >;
}) {
  const asked: string[] = [];
  const client = {
    http: undefined as never,
    async artistsBySpotifyId(id: string) {
      asked.push(`url:${id}`);
      return answers.byUrl ?? [];
    },
    async searchArtists(name: string) {
      asked.push(`search:${name}`);
      return answers.search ?? [];
    },
    async artist(mbid: string) {
      asked.push(`artist:${mbid}`);
      const a = answers.artists?.[mbid];
      if (!a) return null;
      const list = (l?: Array<[string, number]>) => (l ?? []).map(([name, count]) => ({ name, count }));
      return { id: mbid, name: 'x', genres: list(a.genres), tags: list(a.tags), urls: a.urls ?? [] };
    },
  } satisfies MusicBrainzClient;
  return { client, asked };
}

describe('MusicBrainz genres', () => {
  it('follows the Spotify URL relation and keeps the top genres by votes', async () => {
    const mb = stubMb({
      byUrl: [{ id: 'm1', name: 'Band' }],
      artists: {
        m1: {
          genres: [
            ['rock', 9],
            ['pop', 3],
            ['jazz', 5],
          ],
          tags: [['seen live', 20]],
        },
      },
    });
    expect(await musicBrainzGenres(mb.client, 'sp1', 'Band')).toEqual({
      outcome: 'found',
      mbid: 'm1',
      genres: ['rock', 'jazz', 'pop'],
      via: 'url',
    });
    expect(mb.asked).toEqual(['url:sp1', 'artist:m1']);
  });

  it('uses tags only with at least two votes when there are no genres', async () => {
    const mb = stubMb({
      byUrl: [{ id: 'm1', name: 'Band' }],
      artists: {
        m1: {
          tags: [
            ['seen live', 1],
            ['shoegaze', 4],
          ],
        },
      },
    });
    expect(await musicBrainzGenres(mb.client, 'sp1', 'Band')).toMatchObject({ genres: ['shoegaze'] });
  });

  it('falls back to a name search only for exactly one artist of that very name', async () => {
    const one = stubMb({
      search: [
        { id: 'm1', name: 'Sigur Rós', score: 100 },
        { id: 'm2', name: 'Sigur Rós Tribute', score: 70 },
      ],
      artists: { m1: { genres: [['post-rock', 3]] } },
    });
    expect(await musicBrainzGenres(one.client, 'sp1', 'Sigur Ros')).toMatchObject({
      outcome: 'found',
      mbid: 'm1',
      via: 'name',
    });
    const two = stubMb({
      search: [
        { id: 'm1', name: 'Travis' },
        { id: 'm2', name: 'Travis' },
      ],
    });
    expect(await musicBrainzGenres(two.client, 'sp1', 'Travis')).toMatchObject({ outcome: 'ambiguous' });
    expect(two.asked).toEqual(['url:sp1', 'search:Travis']);
  });

  it('rejects a name match that MusicBrainz links to another Spotify artist', async () => {
    const mb = stubMb({
      search: [{ id: 'm1', name: 'Phoenix' }],
      artists: { m1: { genres: [['indie', 3]], urls: ['https://open.spotify.com/artist/other'] } },
    });
    expect(await musicBrainzGenres(mb.client, 'sp1', 'Phoenix')).toMatchObject({ outcome: 'other_artist' });
  });

  it('refuses when several MusicBrainz artists claim one Spotify page', async () => {
    const mb = stubMb({
      byUrl: [
        { id: 'm1', name: 'A' },
        { id: 'm2', name: 'A' },
      ],
    });
    expect(await musicBrainzGenres(mb.client, 'sp1', 'A')).toMatchObject({ outcome: 'ambiguous' });
  });
});
