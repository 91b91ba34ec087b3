import type { Hono } from 'hono';
import {
  AnalyticsQueryError,
  DEFAULT_FORGOTTEN_MONTHS,
  loadForgotten,
  loadListeningClock,
  loadOnThisDay,
} from '../../analytics/index.ts';
import { firstPlayAt } from '../../analytics/play-span.ts';
import { PlaylistInputError } from '../../playlists/definition.ts';
import { createForgottenPlaylist } from '../../playlists/forgotten-playlist.ts';
import type { WebContext, WebDeps, WebEnv } from '../context.ts';
import { intParam } from '../format.ts';
import { errorPage, renderPage } from '../layout.ts';
import { chooseRange } from '../range-picker.ts';
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

/** Rediscovery: on this day, forgotten favourites (and a playlist of them), the listening clock. */
export function registerRediscoverRoutes(app: Hono<WebEnv>, deps: WebDeps): void {
  app.get('/rediscover', async (c) => {
    const user = c.get('user')!;
    const now = deps.clock.now();
    const { months, problem } = monthsParam(c.req.query('months'));
    const choice = chooseRange(c.req.query(), now, user.timeZone, await firstPlayAt(deps.db, user.userId));
    const base = { userId: user.userId, timeZone: user.timeZone, now };
    const made = c.req.query('made');
    const body = rediscoverView({
      onThisDay: await loadOnThisDay(deps.db, base),
      forgotten: await loadForgotten(deps.db, { ...base, months }),
      clock: await loadListeningClock(deps.db, { ...base, from: choice.from, to: choice.to }),
      choice,
      csrf: c.get('session')!.csrfToken,
      made:
        made && /^[A-Za-z0-9]{1,64}$/.test(made)
          ? { id: made, tracks: intParam(c.req.query('n'), 0, 0, 10_000) }
          : null,
      problem: problem ?? choice.problem ?? null,
    });
    return c.html(renderPage(c, deps, { title: 'Rediscover', active: 'rediscover', body }));
  });

  app.post('/rediscover/playlist', async (c) => makePlaylist(c, deps));
}

async function makePlaylist(c: WebContext, deps: WebDeps): Promise<Response> {
  const user = c.get('user')!;
  const form = await c.req.parseBody();
  const raw = typeof form.months === 'string' ? form.months : '';
  const { months, problem } = monthsParam(raw);
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
    if ((error as Error).name === 'DeferredError')
      return errorPage(c, deps, 409, 'Spotify asked encore to wait', [
        'No playlist was made. Try again in a little while.',
      ]);
    throw error;
  }
}
