import type { Hono } from 'hono';
import {
  createPlaylist,
  listManagedPlaylists,
  type PlaylistDeps,
  PlaylistInputError,
  parseDefinition,
  refreshPlaylist,
} from '../../playlists/index.ts';
import { previewPlaylist } from '../../playlists/preview.ts';
import { trackNames } from '../../analytics/track-names.ts';
import { getManagedPlaylist, type ManagedPlaylist } from '../../playlists/store.ts';
import type { Place } from '../../events/types.ts';
import { PlaceInputError } from '../../events/errors.ts';
import { listPlaces } from '../../store/places.ts';
import type { WebContext, WebDeps, WebEnv } from '../context.ts';
import { html } from 'hono/html';
import { errorPage, renderPage } from '../layout.ts';
import {
  capNotice,
  createControls,
  definitionDetails,
  playlistListItem,
  previewNotices,
} from '../views/playlist-pages.ts';
import {
  changeLine,
  definitionForm,
  FORM_DEFAULTS,
  hiddenDefinition,
  type PlaylistForm,
  refreshButton,
  tracksTable,
} from '../views/playlists.ts';

function readForm(values: Record<string, unknown>, defaultPlace: string): PlaylistForm {
  const text = (key: string, fallback: string) => {
    const v = values[key];
    return typeof v === 'string' && v.trim() ? v.trim().slice(0, 100) : fallback;
  };
  const audience = text('audience', 'all');
  return {
    name: text('name', ''),
    placeId: text('place', defaultPlace),
    windowDays: text('window', FORM_DEFAULTS.windowDays),
    genre: text('genre', ''),
    audience: audience === 'known' || audience === 'new' ? audience : 'all',
    tracksPerArtist: text('perArtist', FORM_DEFAULTS.tracksPerArtist),
    maxTracks: text('max', FORM_DEFAULTS.maxTracks),
  };
}

function definitionOf(f: PlaylistForm) {
  return parseDefinition({
    placeId: f.placeId,
    window: f.windowDays,
    ...(f.genre ? { genre: f.genre } : {}),
    onlyKnown: f.audience === 'known',
    onlyNew: f.audience === 'new',
    tracksPerArtist: f.tracksPerArtist,
    maxTracks: f.maxTracks,
  });
}

/** The user's playlist with exactly this definition, if any: creating it again would be a copy. */
async function sameDefinition(
  deps: WebDeps,
  userId: string,
  def: ReturnType<typeof definitionOf>,
): Promise<ManagedPlaylist | undefined> {
  const same = (a: typeof def, b: typeof def) =>
    (Object.keys(a) as Array<keyof typeof def>).every((k) => a[k] === b[k]);
  return (await listManagedPlaylists(deps.db, userId)).find((p) => same(p.definition, def));
}

/** No place at all, or one that is not among them: an error page instead of "Shows near nowhere". */
function placeProblem(
  c: WebContext,
  deps: WebDeps,
  places: Place[],
  placeId: string,
): Response | Promise<Response> | undefined {
  if (!places.length)
    return errorPage(c, deps, 400, 'No place yet', [
      'A playlist is made of the shows near a place. Add one with `encore places add`, then `encore shows sync`.',
    ]);
  if (!places.some((p) => p.id === placeId))
    return errorPage(c, deps, 404, 'No such place', [
      `encore has no place "${placeId}". Choose one of: ${places.map((p) => p.name).join(', ')}.`,
    ]);
  return undefined;
}

/** Problems people can fix become a 400 page with the sentence; Spotify asking to wait, a 409. */
function userProblem(c: WebContext, deps: WebDeps, error: unknown): Response | Promise<Response> | undefined {
  if (error instanceof PlaylistInputError || error instanceof PlaceInputError)
    return errorPage(c, deps, 400, 'Check the playlist', [error.message]);
  if ((error as Error).name === 'DeferredError')
    return errorPage(c, deps, 409, 'Spotify asked encore to wait', [
      'Nothing was changed. Try again later; the weekly refresh also retries by itself.',
    ]);
  return undefined;
}

/**
 * Playlists: define one (place, window, filters, tracks per artist), preview its tracks,
 * create it on Spotify, refresh it in place. A playlist of another account is a 404.
 */
export function registerPlaylistRoutes(app: Hono<WebEnv>, deps: WebDeps): void {
  const playlistDeps = (timeZone: string): PlaylistDeps => ({
    db: deps.db,
    spotify: deps.services.spotify.client,
    clock: deps.clock,
    logger: deps.logger,
    timeZone,
  });
  const own = async (c: WebContext) => {
    const p = await getManagedPlaylist(deps.db, c.req.param('key') ?? '');
    return p && p.userId === c.get('user')!.userId ? p : undefined;
  };

  app.get('/playlists', async (c) => {
    const user = c.get('user')!;
    const csrf = c.get('session')!.csrfToken;
    const places = await listPlaces(deps.db);
    const names = new Map(places.map((p) => [p.id, p.name]));
    const mine = await listManagedPlaylists(deps.db, user.userId);
    const body = html`<h1>Playlists</h1>
      <section class="card" aria-labelledby="yours">
        <h2 id="yours">Your playlists</h2>
        ${
          mine.length
            ? html`<ul style="list-style:none;padding:0;margin:0">
                ${mine.map((p) => playlistListItem(p, names.get(p.definition.placeId) ?? null, csrf, user.timeZone))}
              </ul>`
            : html`<p class="muted">None yet. Define one below.</p>`
        }
      </section>
      <section class="card" aria-labelledby="new">
        <h2 id="new">New playlist</h2>
        ${
          places.length
            ? definitionForm(places, { ...FORM_DEFAULTS, placeId: places[0]!.id })
            : html`<p>Add a place first: <code>encore places add</code>.</p>`
        }
      </section>`;
    return c.html(renderPage(c, deps, { title: 'Playlists', active: 'playlists', body }));
  });

  app.get('/playlists/preview', async (c) => {
    const user = c.get('user')!;
    const places = await listPlaces(deps.db);
    const form = readForm(c.req.query(), places[0]?.id ?? '');
    const wrongPlace = placeProblem(c, deps, places, form.placeId);
    if (wrongPlace) return wrongPlace;
    try {
      const definition = definitionOf(form);
      const place = places.find((p) => p.id === definition.placeId)!;
      const preview = await previewPlaylist(deps.db, definition, user.userId, deps.clock, place.name);
      const duplicate = await sameDefinition(deps, user.userId, definition);
      const name = form.name || `Shows near ${place.name}`;
      const body = html`<h1>Preview</h1>
        <section class="card" data-preview-tracks="${preview.tracks.length}">
          <p>
            <strong>${name}</strong> · ${definitionDetails(definition, place.name, name)} ·
            ${preview.tracks.length} tracks
          </p>
          ${previewNotices(preview, definition, duplicate)}
          <form method="post" action="/playlists">
            <input type="hidden" name="_csrf" value="${c.get('session')!.csrfToken}" />
            ${hiddenDefinition(form)} ${createControls(preview, duplicate)}
          </form>
        </section>
        <section class="card" aria-labelledby="tracks">
          <h2 id="tracks">Tracks, in order</h2>
          ${tracksTable(preview.tracks)}
        </section>
        <section class="card">
          <h2>Change it</h2>
          ${definitionForm(places, form)}
        </section>`;
      return c.html(renderPage(c, deps, { title: 'Playlist preview', active: 'playlists', body }));
    } catch (error) {
      const page = userProblem(c, deps, error);
      if (page) return page;
      throw error;
    }
  });

  app.post('/playlists', async (c) => {
    const user = c.get('user')!;
    const form = readForm(await c.req.parseBody(), '');
    try {
      const existing = await sameDefinition(deps, user.userId, definitionOf(form));
      if (existing) {
        const body = html`<section class="card narrow">
          <h1>You already have this playlist</h1>
          <p class="notice warn" role="alert" data-duplicate="${existing.key}">
            <a href="/playlists/${existing.key}">${existing.name}</a> has exactly this definition, so nothing
            was created. Refresh it instead, or change the definition.
          </p>
          <p><a href="/playlists">Back to your playlists</a></p>
        </section>`;
        return c.html(renderPage(c, deps, { title: 'Already there', active: 'playlists', body }), 409);
      }
      const result = await createPlaylist(playlistDeps(user.timeZone), {
        userId: user.userId,
        definition: definitionOf(form),
        ...(form.name ? { name: form.name } : {}),
      });
      return c.redirect(`/playlists/${result.key}`, 303);
    } catch (error) {
      const page = userProblem(c, deps, error);
      if (page) return page;
      throw error;
    }
  });

  app.get('/playlists/:key', async (c) => {
    const user = c.get('user')!;
    const p = await own(c);
    if (!p) return c.notFound();
    const tracks = await trackNames(deps.db, p.trackIds ?? []);
    const place = (await listPlaces(deps.db)).find((x) => x.id === p.definition.placeId);
    const body = html`<h1>${p.name}</h1>
      <section class="card" data-playlist="${p.key}" data-spotify-id="${p.spotifyPlaylistId ?? ''}">
        <p data-details>${definitionDetails(p.definition, place?.name ?? null, p.name)}</p>
        <p class="small">${changeLine(p, user.timeZone)}</p>
        <p class="small muted">Spotify playlist: ${p.spotifyPlaylistId ?? '—'}</p>
        ${capNotice(p)} ${refreshButton(p, c.get('session')!.csrfToken)}
      </section>
      <section class="card" aria-labelledby="tracks">
        <h2 id="tracks">${tracks.length} tracks on Spotify, in order</h2>
        <ol data-list="playlist-tracks">
          ${tracks.map((t) => html`<li data-track-id="${t.id}">${t.name ?? t.id}${t.artist ? html` <span class="muted small">· ${t.artist}</span>` : ''}</li>`)}
        </ol>
      </section>`;
    return c.html(renderPage(c, deps, { title: p.name, active: 'playlists', body }));
  });

  app.post('/playlists/:key/refresh', async (c) => {
    const user = c.get('user')!;
    const p = await own(c);
    if (!p) return c.notFound();
    try {
      await refreshPlaylist(playlistDeps(user.timeZone), p.key);
    } catch (error) {
      const page = userProblem(c, deps, error);
      if (page) return page;
      throw error;
    }
    return c.redirect(`/playlists/${p.key}`, 303);
  });
}
