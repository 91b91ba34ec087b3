import type { Hono } from 'hono';
import { z } from 'zod';
import { PlaceInputError } from '../../events/errors.ts';
import { DeferredError } from '../../http/errors.ts';
import { PlaylistInputError } from '../../playlists/index.ts';
import type { WebContext, WebDeps, WebEnv } from '../context.ts';
import { errorPage, renderPage } from '../layout.ts';
import {
  createPlaylistOnce,
  loadPlaylistPage,
  loadPlaylistsPage,
  loadPreview,
  type PreviewPage,
  refreshOwnPlaylist,
} from '../loaders/playlists.ts';
import { field, validForm, validParams, validQuery } from '../validate.ts';
import { FORM_DEFAULTS, type PlaylistForm } from '../views/playlists.ts';
import { duplicateView, playlistsView, playlistView, previewView } from '../views/playlists-page.ts';

/** The definition form, from the query (preview) or the body (create); blank fields take the defaults. */
const playlistForm = z
  .object({
    name: field,
    place: field,
    window: field,
    genre: field,
    audience: field,
    perArtist: field,
    max: field,
  })
  .transform((v): PlaylistForm => {
    const text = (value: string | undefined, fallback: string) =>
      value?.trim() ? value.trim().slice(0, 100) : fallback;
    const audience = text(v.audience, 'all');
    return {
      name: text(v.name, ''),
      // Blank: the preview takes the first place; creating without one is refused by the definition.
      placeId: text(v.place, ''),
      windowDays: text(v.window, FORM_DEFAULTS.windowDays),
      genre: text(v.genre, ''),
      audience: audience === 'known' || audience === 'new' ? audience : 'all',
      tracksPerArtist: text(v.perArtist, FORM_DEFAULTS.tracksPerArtist),
      maxTracks: text(v.max, FORM_DEFAULTS.maxTracks),
    };
  });

const keyParams = z.object({ key: z.string() });

/** No place at all, or one that is not among them: an error page instead of "Shows near nowhere". */
function placeProblem(c: WebContext, deps: WebDeps, p: Extract<PreviewPage, { problem: string }>) {
  if (p.problem === 'no-place')
    return errorPage(c, deps, 400, 'No place yet', [
      'A playlist is made of the shows near a place. Add one with `encore places add`, then `encore shows sync`.',
    ]);
  return errorPage(c, deps, 404, 'No such place', [
    `encore has no place "${p.placeId}". Choose one of: ${p.places.map((x) => x.name).join(', ')}.`,
  ]);
}

/** Problems people can fix become a 400 page with the sentence; Spotify asking to wait, a 409. */
function userProblem(c: WebContext, deps: WebDeps, error: unknown): Response | Promise<Response> | undefined {
  if (error instanceof PlaylistInputError || error instanceof PlaceInputError)
    return errorPage(c, deps, 400, 'Check the playlist', [error.message]);
  if (error instanceof DeferredError)
    return errorPage(c, deps, 409, 'Spotify asked encore to wait', [
      'Nothing was changed. Try again later; the weekly refresh also retries by itself.',
    ]);
  return undefined;
}

/** Runs a handler; the problems people can fix become their page, anything else goes on up. */
async function orUserProblem(c: WebContext, deps: WebDeps, work: () => Promise<Response>): Promise<Response> {
  try {
    return await work();
  } catch (error) {
    const page = userProblem(c, deps, error);
    if (page) return page;
    throw error;
  }
}

/**
 * Playlists: define one (place, window, filters, tracks per artist), preview its tracks,
 * create it on Spotify, refresh it in place. A playlist of another account is a 404.
 */
export function registerPlaylistRoutes(app: Hono<WebEnv>, deps: WebDeps): void {
  app.get('/playlists', async (c) => {
    const user = c.get('user')!;
    const body = playlistsView(
      await loadPlaylistsPage(deps, user),
      c.get('session')!.csrfToken,
      user.timeZone,
    );
    return c.html(renderPage(c, deps, { title: 'Playlists', active: 'playlists', body }));
  });

  app.get('/playlists/preview', validQuery(playlistForm), async (c) =>
    orUserProblem(c, deps, async () => {
      const page = await loadPreview(deps, c.get('user')!, c.req.valid('query'));
      if (page.problem) return placeProblem(c, deps, page);
      const body = previewView(page, c.get('session')!.csrfToken);
      return c.html(renderPage(c, deps, { title: 'Playlist preview', active: 'playlists', body }));
    }),
  );

  app.post('/playlists', validForm(playlistForm), async (c) =>
    orUserProblem(c, deps, async () => {
      const made = await createPlaylistOnce(deps, c.get('user')!, c.req.valid('form'));
      if ('key' in made) return c.redirect(`/playlists/${made.key}`, 303);
      const body = duplicateView(made.existing);
      return c.html(renderPage(c, deps, { title: 'Already there', active: 'playlists', body }), 409);
    }),
  );

  app.get('/playlists/:key', validParams(keyParams), async (c) => {
    const user = c.get('user')!;
    const page = await loadPlaylistPage(deps, user, c.req.valid('param').key);
    if (!page) return c.notFound();
    const body = playlistView(page, c.get('session')!.csrfToken, user.timeZone);
    return c.html(renderPage(c, deps, { title: page.p.name, active: 'playlists', body }));
  });

  app.post('/playlists/:key/refresh', validParams(keyParams), async (c) =>
    orUserProblem(c, deps, async () => {
      const { key } = c.req.valid('param');
      if (!(await refreshOwnPlaylist(deps, c.get('user')!, key))) return c.notFound();
      return c.redirect(`/playlists/${key}`, 303);
    }),
  );
}
