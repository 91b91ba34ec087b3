/**
 * A setlist.fm API simulator (`/rest/1.0`): `GET /search/setlists?artistName=|artistMbid=&p=`
 * and `GET /artist/{mbid}/setlists?p=` over the concert world's artists. As the real API:
 * `x-api-key` required (403 otherwise), JSON only with `Accept: application/json` (XML
 * by default), 20 setlists a page, newest first, 404 "not found" for an empty search,
 * and a rate limit (~2 requests/second, 429 beyond).
 */
import { type Context, Hono } from 'hono';
import { fakeMbid } from '../concerts/artists.ts';
import { FaultQueue } from '../concerts/faults.ts';
import type { RequestLogEntry } from '../concerts/server.ts';
import type { ConcertWorld, WorldArtist } from '../concerts/world.ts';
import type { Catalog } from '../spotify/catalog.ts';
import { type SimSetlist, setlistsFor } from './setlists.ts';

export type SetlistFmFault = 'server_error' | 'rate_limit';

export interface SetlistFmSimOptions {
  world: ConcertWorld;
  /** The Spotify simulator's catalog: setlist songs are its tracks. */
  catalog?: Catalog;
  apiKeys?: string[];
  /** Requests allowed in any one second; 0 turns the check off. Default 2. */
  ratePerSecond?: number;
  now?: () => number;
}

export interface SetlistFmSimState {
  apiKeys: Set<string>;
  ratePerSecond: number;
  requestLog: RequestLogEntry[];
  faults: FaultQueue<SetlistFmFault>;
  now: () => number;
  /** Every setlist of an artist, newest first (what the API pages through). */
  setlistsOf(artist: WorldArtist): SimSetlist[];
  artistByMbid(mbid: string): WorldArtist | undefined;
}

export const PAGE_SIZE = 20;

export function mbidOf(artist: WorldArtist): string {
  return artist.mbid ?? fakeMbid(artist.name);
}

export function createSetlistFmSimState(options: SetlistFmSimOptions): SetlistFmSimState {
  const now = options.now ?? Date.now;
  // Fixed at creation: the setlists of the "past" do not move while a test runs.
  const asOf = now();
  const cache = new Map<number, SimSetlist[]>();
  const byMbid = new Map(options.world.artists.map((a) => [mbidOf(a), a]));
  return {
    apiKeys: new Set(options.apiKeys ?? ['sim-setlistfm-key']),
    ratePerSecond: options.ratePerSecond ?? 2,
    requestLog: [],
    faults: new FaultQueue(),
    now,
    setlistsOf(artist) {
      let list = cache.get(artist.index);
      if (!list) cache.set(artist.index, (list = setlistsFor(artist, mbidOf(artist), options.catalog, asOf)));
      return list;
    },
    artistByMbid: (mbid) => byMbid.get(mbid),
  };
}

function error(c: Context, status: 403 | 404 | 429 | 500, message: string) {
  const statusText = {
    403: 'Forbidden',
    404: 'Not Found',
    429: 'Too Many Requests',
    500: 'Internal Server Error',
  };
  return c.json(
    { code: status, status: statusText[status], message, timestamp: new Date().toISOString() },
    status,
  );
}

function asXml(body: { setlist: SimSetlist[]; total: number; page: number }): string {
  const items = body.setlist
    .map(
      (s) =>
        `<setlist id="${s.id}" eventDate="${s.eventDate}"><artist mbid="${s.artist.mbid}" name="${escapeXml(s.artist.name)}"/></setlist>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?><setlists type="setlists" itemsPerPage="${PAGE_SIZE}" page="${body.page}" total="${body.total}">${items}</setlists>`;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function createSetlistFmSimApp(state: SetlistFmSimState, world: ConcertWorld): Hono {
  const app = new Hono();
  const recent: number[] = [];

  const guard = (c: Context): Response | undefined => {
    const now = state.now();
    if (!state.apiKeys.has(c.req.header('x-api-key') ?? ''))
      return error(c, 403, 'Forbidden: missing or invalid API key');
    while (recent.length && recent[0]! <= now - 1000) recent.shift();
    if (state.ratePerSecond > 0 && recent.length >= state.ratePerSecond)
      return error(c, 429, 'Too Many Requests');
    recent.push(now);
    const fault = state.faults.take(new URL(c.req.url).searchParams);
    if (fault === 'rate_limit') return error(c, 429, 'Too Many Requests');
    if (fault === 'server_error') return error(c, 500, 'Internal Server Error');
    return undefined;
  };

  const page = (c: Context, setlists: SimSetlist[]): Response => {
    const p = Math.max(1, Number(c.req.query('p') ?? '1') || 1);
    const items = setlists.slice((p - 1) * PAGE_SIZE, p * PAGE_SIZE);
    if (items.length === 0) return error(c, 404, 'not found');
    const body = {
      type: 'setlists',
      itemsPerPage: PAGE_SIZE,
      page: p,
      total: setlists.length,
      setlist: items,
    };
    if (!(c.req.header('accept') ?? '').includes('application/json')) {
      return c.body(asXml(body), 200, { 'Content-Type': 'application/xml;charset=UTF-8' });
    }
    return c.json(body);
  };

  const logged = (handler: (c: Context) => Response) => (c: Context) => {
    const response = guard(c) ?? handler(c);
    state.requestLog.push({
      at: state.now(),
      method: 'GET',
      path: c.req.path,
      query: Object.fromEntries(new URL(c.req.url).searchParams),
      status: response.status,
    });
    return response;
  };

  app.get(
    '/rest/1.0/search/setlists',
    logged((c) => {
      const mbid = c.req.query('artistMbid');
      const name = c.req.query('artistName')?.trim().toLowerCase();
      let artists: WorldArtist[] = [];
      if (mbid) artists = [state.artistByMbid(mbid)].filter((a): a is WorldArtist => a !== undefined);
      // Like the real search, a name finds every artist whose name contains it.
      else if (name) artists = world.artists.filter((a) => a.name.toLowerCase().includes(name));
      const all = artists.flatMap((a) => state.setlistsOf(a));
      all.sort((a, b) => toSortable(b.eventDate).localeCompare(toSortable(a.eventDate)));
      return page(c, all);
    }),
  );
  app.get(
    '/rest/1.0/artist/:mbid/setlists',
    logged((c) => {
      const artist = state.artistByMbid(c.req.param('mbid') ?? '');
      if (!artist) return error(c, 404, 'not found');
      return page(c, state.setlistsOf(artist));
    }),
  );
  return app;
}

/** `dd-MM-yyyy` → `yyyy-MM-dd` for ordering. */
function toSortable(eventDate: string): string {
  const [d, m, y] = eventDate.split('-');
  return `${y}-${m}-${d}`;
}
