/**
 * setlist.fm client: the songs an artist plays live. Throttled (about 2 requests/second),
 * JSON asked for explicitly (XML is the API's default), key sent as `x-api-key`. An empty
 * search is a 404 there, and here simply no setlists.
 */
import { z } from 'zod';
import { type CallCounter, createHttpClient, type HttpClient } from '../http/index.ts';
import type { Clock } from '../util/clock.ts';
import type { Logger } from '../util/logger.ts';

const song = z.object({
  name: z.string().nullish(),
  tape: z.boolean().nullish(),
  cover: z.object({ name: z.string().nullish() }).partial().nullish(),
  info: z.string().nullish(),
});

const setlist = z.object({
  id: z.string(),
  eventDate: z.string().nullish(),
  artist: z.object({ mbid: z.string().nullish(), name: z.string() }),
  sets: z
    .object({
      set: z
        .array(
          z.object({
            name: z.string().nullish(),
            encore: z.number().nullish(),
            song: z.array(song).nullish(),
          }),
        )
        .nullish(),
    })
    .nullish(),
});

const setlistPage = z.object({
  setlist: z.array(setlist).nullish(),
  total: z.number().nullish(),
  page: z.number().nullish(),
  itemsPerPage: z.number().nullish(),
});

export type Setlist = z.infer<typeof setlist>;

export interface SetlistFmOptions {
  apiKey: string;
  baseUrl: string;
  clock: Clock;
  logger: Logger;
  counter?: CallCounter;
  ratePerSecond?: number;
  deferThresholdMs?: number;
  fetch?: typeof fetch;
}

export interface SetlistFmClient {
  readonly http: HttpClient;
  /** One page of an artist's setlists, newest first: by MBID when known, else by name. */
  artistSetlists(artist: { mbid?: string | null; name: string }, page?: number): Promise<Setlist[]>;
}

export function createSetlistFmClient(options: SetlistFmOptions): SetlistFmClient {
  const http = createHttpClient({
    api: 'setlistfm',
    baseUrl: options.baseUrl,
    ratePerSecond: options.ratePerSecond ?? 2,
    clock: options.clock,
    logger: options.logger,
    counter: options.counter,
    deferThresholdMs: options.deferThresholdMs,
    fetch: options.fetch,
    headers: { 'x-api-key': options.apiKey, Accept: 'application/json' },
  });
  return {
    http,
    async artistSetlists(artist, page = 1) {
      const res = artist.mbid
        ? await http.request({
            path: `/artist/${encodeURIComponent(artist.mbid)}/setlists`,
            query: { p: page },
            schema: setlistPage,
            acceptStatus: [404],
            endpoint: 'GET /artist/{mbid}/setlists',
          })
        : await http.request({
            path: '/search/setlists',
            query: { artistName: artist.name, p: page },
            schema: setlistPage,
            acceptStatus: [404],
          });
      return res.status === 404 ? [] : (res.data?.setlist ?? []);
    },
  };
}
