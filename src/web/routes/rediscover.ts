import type { Hono } from 'hono';
import { z } from 'zod';
import { AnalyticsQueryError, DEFAULT_FORGOTTEN_MONTHS } from '../../analytics/index.ts';
import { PlaylistInputError } from '../../playlists/definition.ts';
import { createForgottenPlaylist } from '../../playlists/forgotten-playlist.ts';
import { DeferredError } from '../../http/errors.ts';
import type { WebContext, WebDeps, WebEnv } from '../context.ts';
import { intParam } from '../format.ts';
import { errorPage, renderPage } from '../layout.ts';
import { loadRediscoverPage } from '../loaders/rediscover.ts';
import { field, rangeFields, validForm, validQuery } from '../validate.ts';
import { rediscoverView } from '../views/rediscover.ts';

/** `?months=` as typed: a whole number 1–240, else the default and a sentence why. */
function monthsParam(value: string | undefined): { months: number; problem: string | null } {
  if (value === undefined || value === '') return { months: DEFAULT_FORGOTTEN_MONTHS, problem: null };
  const n = Number(value);
  if (Number.isInteger(n) && n >= 1 && n <= 240) return { months: n, problem: null };
  return {
    months: DEFAULT_FORGOTTEN_MONTHS,
    problem: `"${value.slice(0, 20)}" is not a number of months from 1 to 240; showing ${DEFAULT_FORGOTTEN_MONTHS}.`,
  };
}

const rediscoverQuery = z.object({ ...rangeFields, months: field, made: field, n: field }).transform((q) => ({
  range: q,
  ...monthsParam(q.months),
  made:
    q.made && /^[A-Za-z0-9]{1,64}$/.test(q.made) ? { id: q.made, tracks: intParam(q.n, 0, 0, 10_000) } : null,
}));

const playlistForm = z.object({ months: field }).transform((f) => monthsParam(f.months ?? ''));

/** Rediscovery: on this day, forgotten favourites (and a playlist of them), the listening clock. */
export function registerRediscoverRoutes(app: Hono<WebEnv>, deps: WebDeps): void {
  app.get('/rediscover', validQuery(rediscoverQuery), async (c) => {
    const page = await loadRediscoverPage(deps, c.get('user')!, c.req.valid('query'));
    const body = rediscoverView({ ...page, csrf: c.get('session')!.csrfToken });
    return c.html(renderPage(c, deps, { title: 'Rediscover', active: 'rediscover', body }));
  });

  app.post('/rediscover/playlist', validForm(playlistForm), async (c) =>
    makePlaylist(c, deps, c.req.valid('form')),
  );
}

async function makePlaylist(
  c: WebContext,
  deps: WebDeps,
  { months, problem }: ReturnType<typeof monthsParam>,
): Promise<Response> {
  const user = c.get('user')!;
  if (problem) return errorPage(c, deps, 400, 'Check the number of months', [problem]);
  try {
    const made = await createForgottenPlaylist(
      { db: deps.db, spotify: deps.services.spotify.client, clock: deps.clock, logger: deps.logger },
      { userId: user.userId, timeZone: user.timeZone, months },
    );
    return c.redirect(`/rediscover?months=${months}&made=${made.spotifyPlaylistId}&n=${made.tracks}`, 303);
  } catch (error) {
    if (error instanceof PlaylistInputError || error instanceof AnalyticsQueryError)
      return errorPage(c, deps, 400, 'No playlist made', [error.message]);
    if (error instanceof DeferredError)
      return errorPage(c, deps, 409, 'Spotify asked encore to wait', [
        'No playlist was made. Try again in a little while.',
      ]);
    throw error;
  }
}
