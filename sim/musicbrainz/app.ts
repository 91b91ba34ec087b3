/**
 * A MusicBrainz web service (`/ws/2`) simulator with the rules encore must follow:
 * a meaningful User-Agent (`app/version (contact)`, else 403) and at most one request per
 * second per client (else 503, as the real service answers). Endpoints: artist search,
 * artist lookup with `inc=genres+tags+url-rels`, and URL lookup with `inc=artist-rels`.
 */
import { type Context, Hono } from 'hono';
import type { RequestLogEntry } from '../concerts/server.ts';
import { type MbArtist, type MusicBrainzWorld, spotifyArtistUrl } from './world.ts';

export interface MusicBrainzSimOptions {
  world: MusicBrainzWorld;
  now?: () => number;
  /** Minimum spacing of one client's requests; 0 turns the check off. Default 1000. */
  minIntervalMs?: number;
  /** Slack for network jitter on the spacing check. Default 50 ms. */
  toleranceMs?: number;
}

export interface MusicBrainzSimState {
  world: MusicBrainzWorld;
  now: () => number;
  minIntervalMs: number;
  toleranceMs: number;
  requestLog: Array<RequestLogEntry & { userAgent: string }>;
  /** Last accepted request per client (by User-Agent). */
  lastSeen: Map<string, number>;
  /** Responses by status, e.g. `{ 200: 12, 503: 0 }`. */
  statusCount(status: number): number;
}

const RATE_LIMIT_MESSAGE =
  'Your requests are exceeding the allowable rate limit. Please see https://wiki.musicbrainz.org/MusicBrainz_API/Rate_Limiting for more information.';

/** Default User-Agents of HTTP libraries: MusicBrainz blocks them. */
const GENERIC_AGENT =
  /^(node|undici|axios|got|python-requests|python-urllib|curl|wget|java|go-http-client|okhttp)\b/i;

export function isMeaningfulUserAgent(agent: string | undefined): boolean {
  if (!agent || GENERIC_AGENT.test(agent)) return false;
  // `Application/version ( contact )`: a name with a version and a way to reach the author.
  return /^[^\s/]+\/\S+\s*\(.*\S.*\)/.test(agent.trim());
}

export function createMusicBrainzSimState(options: MusicBrainzSimOptions): MusicBrainzSimState {
  const requestLog: MusicBrainzSimState['requestLog'] = [];
  return {
    world: options.world,
    now: options.now ?? Date.now,
    minIntervalMs: options.minIntervalMs ?? 1000,
    toleranceMs: options.toleranceMs ?? 50,
    requestLog,
    lastSeen: new Map(),
    statusCount: (status) => requestLog.filter((r) => r.status === status).length,
  };
}

export function createMusicBrainzSimApp(state: MusicBrainzSimState): Hono {
  const app = new Hono();
  app.use('/ws/2/*', async (c, next) => {
    const agent = c.req.header('user-agent') ?? '';
    const denied = gate(c, state, agent);
    if (denied) {
      log(c, state, agent, denied.status);
      return denied;
    }
    await next();
    log(c, state, agent, c.res.status);
  });
  app.get('/ws/2/artist', (c) => searchArtists(c, state.world));
  app.get('/ws/2/artist/:mbid', (c) => lookupArtist(c, state.world));
  app.get('/ws/2/url', (c) => lookupUrl(c, state.world));
  app.notFound((c) => c.json({ error: 'Not Found' }, 404));
  return app;
}

function gate(c: Context, state: MusicBrainzSimState, agent: string): Response | undefined {
  if (!isMeaningfulUserAgent(agent)) {
    return c.json(
      {
        error:
          'Your requests are being blocked: send a meaningful User-Agent (application/version ( contact )). See https://wiki.musicbrainz.org/MusicBrainz_API/Rate_Limiting',
      },
      403,
    );
  }
  const now = state.now();
  const last = state.lastSeen.get(agent);
  if (state.minIntervalMs > 0 && last !== undefined && now - last < state.minIntervalMs - state.toleranceMs) {
    return c.json({ error: RATE_LIMIT_MESSAGE }, 503);
  }
  state.lastSeen.set(agent, now);
  if (c.req.query('fmt') !== 'json' && !(c.req.header('accept') ?? '').includes('json')) {
    return c.text('This simulator only speaks JSON: add fmt=json.', 406);
  }
  return undefined;
}

function log(c: Context, state: MusicBrainzSimState, userAgent: string, status: number): void {
  const url = new URL(c.req.url);
  state.requestLog.push({
    at: state.now(),
    method: c.req.method,
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    status,
    userAgent,
  });
}

function fold(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** `artist:"Name"`, `artist:Name` or free text, as in MusicBrainz's Lucene syntax. */
function queryName(query: string): string {
  const m = /artist:(?:"((?:[^"\\]|\\.)*)"|(\S+))/i.exec(query);
  const raw = m ? (m[1] ?? m[2] ?? '') : query;
  return fold(raw.replace(/\\(.)/g, '$1'));
}

function searchArtists(c: Context, world: MusicBrainzWorld): Response {
  const query = c.req.query('query');
  if (!query) return c.json({ error: 'You must specify a query' }, 400);
  const wanted = queryName(query);
  const words = wanted.split(' ').filter(Boolean);
  const limit = Math.min(100, Math.max(1, Number(c.req.query('limit') ?? 25) || 25));
  const offset = Math.max(0, Number(c.req.query('offset') ?? 0) || 0);
  const scored = world.artists
    .map((artist) => {
      const name = fold(artist.name);
      const score = name === wanted ? 100 : words.length && words.every((w) => name.includes(w)) ? 62 : 0;
      return { artist, score };
    })
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score || a.artist.name.localeCompare(b.artist.name));
  return c.json({
    created: new Date(0).toISOString(),
    count: scored.length,
    offset,
    artists: scored.slice(offset, offset + limit).map(({ artist, score }) => ({
      ...artistHeader(artist),
      score,
      tags: artist.tags.map((t) => ({ count: t.count, name: t.name })),
    })),
  });
}

function artistHeader(artist: MbArtist) {
  return {
    id: artist.id,
    type: artist.type,
    name: artist.name,
    'sort-name': artist.sortName,
    ...(artist.disambiguation ? { disambiguation: artist.disambiguation } : { disambiguation: '' }),
  };
}

function lookupArtist(c: Context, world: MusicBrainzWorld): Response {
  const artist = world.byId.get(c.req.param('mbid') ?? '');
  if (!artist) return c.json({ error: 'Not Found' }, 404);
  const inc = new Set((c.req.query('inc') ?? '').split(/[+ ]/).filter(Boolean));
  const body: Record<string, unknown> = { ...artistHeader(artist) };
  if (inc.has('genres'))
    body.genres = artist.genres.map((g) => ({ ...g, id: `g-${g.name}`, disambiguation: '' }));
  if (inc.has('tags')) body.tags = artist.tags;
  if (inc.has('url-rels')) {
    body.relations = artist.spotifyId
      ? [
          {
            type: 'free streaming',
            'target-type': 'url',
            direction: 'forward',
            url: { id: `u-${artist.spotifyId}`, resource: spotifyArtistUrl(artist.spotifyId) },
          },
        ]
      : [];
  }
  return c.json(body);
}

function lookupUrl(c: Context, world: MusicBrainzWorld): Response {
  const resource = c.req.query('resource');
  if (!resource) return c.json({ error: 'Invalid resource' }, 400);
  const artist = world.byUrl.get(resource);
  if (!artist) return c.json({ error: 'Not Found' }, 404);
  const inc = new Set((c.req.query('inc') ?? '').split(/[+ ]/).filter(Boolean));
  return c.json({
    id: `u-${artist.spotifyId}`,
    resource,
    ...(inc.has('artist-rels')
      ? {
          relations: [
            {
              type: 'free streaming',
              'target-type': 'artist',
              direction: 'backward',
              artist: artistHeader(artist),
            },
          ],
        }
      : {}),
  });
}
