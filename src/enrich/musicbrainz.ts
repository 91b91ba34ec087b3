import { z } from 'zod';
import { type CallCounter, createHttpClient, type HttpClient } from '../http/index.ts';
import type { Clock } from '../util/clock.ts';
import type { Logger } from '../util/logger.ts';

/**
 * The MusicBrainz web service (`/ws/2`, JSON): artist search, artist lookup with genres,
 * tags and URL relations, and URL lookup (Spotify artist page → MusicBrainz artist).
 * MusicBrainz allows one request per second per client and blocks anonymous clients, so
 * the queue is throttled to 1/s and every request carries `encore/<version> (<contact>)`.
 */

const count = z.object({ name: z.string(), count: z.number().int().nullish() });

const artistHeader = z.object({
  id: z.string(),
  name: z.string(),
  'sort-name': z.string().nullish(),
  type: z.string().nullish(),
  disambiguation: z.string().nullish(),
});

export const mbSearch = z.object({
  count: z.number().int().nullish(),
  artists: z.array(artistHeader.extend({ score: z.coerce.number().nullish() })),
});

export const mbArtist = artistHeader.extend({
  genres: z.array(count).nullish(),
  tags: z.array(count).nullish(),
  relations: z
    .array(
      z.object({
        type: z.string().nullish(),
        'target-type': z.string().nullish(),
        url: z.object({ resource: z.string() }).nullish(),
      }),
    )
    .nullish(),
});

export const mbUrl = z.object({
  resource: z.string(),
  relations: z
    .array(z.object({ 'target-type': z.string().nullish(), artist: artistHeader.nullish() }))
    .nullish(),
});

export type MbSearchHit = z.infer<typeof mbSearch>['artists'][number];
export type MbArtistRef = z.infer<typeof artistHeader>;

export interface MbArtistDetails {
  id: string;
  name: string;
  /** Genres (curated), by votes, most voted first. */
  genres: Array<{ name: string; count: number }>;
  /** Free-form tags, by votes. */
  tags: Array<{ name: string; count: number }>;
  /** URL relations (e.g. `https://open.spotify.com/artist/<id>`). */
  urls: string[];
}

export interface MusicBrainzClient {
  readonly http: HttpClient;
  /** The MusicBrainz artist(s) whose URL relation is this Spotify artist page. */
  artistsBySpotifyId(spotifyArtistId: string): Promise<MbArtistRef[]>;
  artist(mbid: string): Promise<MbArtistDetails | null>;
  searchArtists(name: string, limit?: number): Promise<MbSearchHit[]>;
}

export function musicBrainzUserAgent(version: string, contact: string): string {
  return `encore/${version} ( ${contact} )`;
}

export function spotifyArtistUrl(spotifyArtistId: string): string {
  return `https://open.spotify.com/artist/${spotifyArtistId}`;
}

/** Lucene phrase: quotes and backslashes escaped so that any name is one exact phrase. */
export function luceneQuoted(text: string): string {
  return `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

const byVotes = (list: Array<z.infer<typeof count>> | null | undefined) =>
  (list ?? [])
    .map((g) => ({ name: g.name, count: g.count ?? 0 }))
    .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));

export function createMusicBrainzClient(options: {
  baseUrl: string;
  version: string;
  contact: string;
  clock?: Clock;
  logger?: Logger;
  counter?: CallCounter;
  fetch?: typeof fetch;
}): MusicBrainzClient {
  const http = createHttpClient({
    api: 'musicbrainz',
    baseUrl: options.baseUrl,
    ratePerSecond: 1,
    clock: options.clock,
    logger: options.logger,
    counter: options.counter,
    fetch: options.fetch,
    headers: { 'User-Agent': musicBrainzUserAgent(options.version, options.contact) },
  });

  return {
    http,
    async artistsBySpotifyId(spotifyArtistId) {
      const res = await http.request({
        path: '/url',
        query: { resource: spotifyArtistUrl(spotifyArtistId), inc: 'artist-rels', fmt: 'json' },
        schema: mbUrl,
        endpoint: 'GET /url',
        acceptStatus: [404],
      });
      if (res.status !== 200 || !res.data) return [];
      return (res.data.relations ?? [])
        .filter((r) => r['target-type'] === 'artist' && r.artist)
        .map((r) => r.artist!);
    },
    async artist(mbid) {
      const res = await http.request({
        path: `/artist/${encodeURIComponent(mbid)}`,
        query: { inc: 'genres+tags+url-rels', fmt: 'json' },
        schema: mbArtist,
        endpoint: 'GET /artist/{mbid}',
        acceptStatus: [404, 400],
      });
      if (res.status !== 200 || !res.data) return null;
      const a = res.data;
      return {
        id: a.id,
        name: a.name,
        genres: byVotes(a.genres),
        tags: byVotes(a.tags),
        urls: (a.relations ?? []).flatMap((r) => (r.url?.resource ? [r.url.resource] : [])),
      };
    },
    async searchArtists(name, limit = 10) {
      const res = await http.request({
        path: '/artist',
        query: { query: `artist:${luceneQuoted(name)}`, limit, fmt: 'json' },
        schema: mbSearch,
        endpoint: 'GET /artist?query',
      });
      return res.data?.artists ?? [];
    },
  };
}
