import type { Hono } from 'hono';
import type { Place } from '../../events/types.ts';
import { performerKey } from '../../matching/index.ts';
import { dateQuery, listShows, type ShowListing } from '../../shows/list-shows.ts';
import { ManualMatchError, parseArtistTarget, setManualMatch } from '../../shows/manual-match.ts';
import { listPlaces } from '../../store/places.ts';
import { getMatch, type MatchRow } from '../../store/matches.ts';
import type { WebDeps, WebEnv } from '../context.ts';
import { parseIsoDay } from '../format.ts';
import { html } from '../html.ts';
import { errorPage, renderPage } from '../layout.ts';
import { showItem } from '../views/shows.ts';

const MAX_SHOWS_PER_PLACE = 150;

interface ShowFilters {
  place?: string;
  from?: string;
  to?: string;
  genre?: string;
  known: boolean;
}

/**
 * Shows: the upcoming shows per place with the signed-in account's play counts, each
 * match's explanation, and a form to correct a match. Places and matches are shared by
 * every account of this encore (one household's server); plays and badges are per account.
 */
export function registerShowsRoutes(app: Hono<WebEnv>, deps: WebDeps): void {
  app.get('/shows', async (c) => {
    const user = c.get('user')!;
    const q = c.req.query();
    const filters: ShowFilters = {
      place: q.place || undefined,
      from: parseIsoDay(q.from),
      to: parseIsoDay(q.to),
      genre: q.genre?.trim().slice(0, 60) || undefined,
      known: q.known === '1',
    };
    const places = await listPlaces(deps.db);
    const shown = filters.place ? places.filter((p) => p.id === filters.place) : places;
    const days = dateQuery(
      {
        ...(filters.from ? { from: new Date(`${filters.from}T00:00:00Z`) } : {}),
        ...(filters.to ? { to: new Date(`${filters.to}T00:00:00Z`) } : {}),
      },
      deps.clock.now(),
    );
    const sections = [];
    for (const place of shown) {
      const listings = await listShows(deps.db, {
        ...days,
        placeId: place.id,
        ...(filters.genre ? { genre: filters.genre } : {}),
        knownOnly: filters.known,
        userId: user.userId,
      });
      const matches = await matchRows(deps, listings);
      sections.push(placeSection(place, listings, matches, c.get('session')!.csrfToken));
    }
    const saved = q.saved ? html`<p class="notice" role="status">Saved: ${q.saved}</p>` : '';
    const body = html`<h1>Shows near you</h1>
      ${saved} ${filterForm(places, filters)}
      ${
        places.length
          ? sections
          : html`<section class="card">
              <p>
                No places yet. Add one with <code>encore places add</code>, then
                <code>encore shows sync</code>.
              </p>
            </section>`
      }`;
    return c.html(renderPage(c, deps, { title: 'Shows', active: 'shows', body }));
  });

  app.post('/shows/match', async (c) => {
    const user = c.get('user')!;
    const form = await c.req.parseBody();
    const performer = String(form.performer ?? '').trim();
    const candidate = String(form.candidate ?? '').trim();
    const link = String(form.link ?? '').trim();
    const current = performer ? await getMatch(deps.db, performerKey(performer)) : undefined;
    if (!current) return errorPage(c, deps, 404, 'Not found', ['encore has no decision for this performer.']);
    let artist: { id: string; name: string } | null = null;
    try {
      const known = (current.candidates ?? []).find((x) => x.id === candidate);
      if (known) artist = { id: known.id, name: known.name };
      else if (candidate !== 'none') {
        if (!link)
          throw new ManualMatchError(
            'Choose an artist from the list, paste a Spotify artist link, or choose "not on Spotify".',
          );
        const id = parseArtistTarget(link);
        if (id) {
          const found = await deps.services.spotify.client.artist(user.userId, id);
          if (!found) throw new ManualMatchError(`Spotify has no artist ${id}.`);
          artist = { id: found.id, name: found.name };
        }
      }
    } catch (error) {
      if (error instanceof ManualMatchError) return errorPage(c, deps, 400, 'Not saved', [error.message]);
      throw error;
    }
    await setManualMatch(deps.db, performer, artist, new Date(deps.clock.now()));
    const saved = `${performer} → ${artist?.name ?? 'not on Spotify'}`;
    return c.redirect(`/shows?saved=${encodeURIComponent(saved)}`, 303);
  });
}

async function matchRows(deps: WebDeps, listings: ShowListing[]): Promise<Map<string, MatchRow>> {
  const keys = new Set(listings.flatMap((l) => l.performers.flatMap((p) => p.artists.map((a) => a.key))));
  const out = new Map<string, MatchRow>();
  for (const key of keys) {
    const row = await getMatch(deps.db, key);
    if (row) out.set(key, row);
  }
  return out;
}

function placeSection(place: Place, listings: ShowListing[], matches: Map<string, MatchRow>, csrf: string) {
  const shown = listings.slice(0, MAX_SHOWS_PER_PLACE);
  return html`<section class="card" aria-labelledby="place-${place.id}" data-place="${place.id}">
    <h2 id="place-${place.id}">${place.name} <span class="muted small">· ${listings.length} shows</span></h2>
    ${
      shown.length
        ? html`<ul style="list-style:none;margin:0;padding:0">
            ${shown.map((l) => showItem(l, matches, csrf))}
          </ul>`
        : html`<p class="muted">No upcoming shows match these filters.</p>`
    }
    ${
      listings.length > shown.length
        ? html`<p class="small muted">
            Showing the first ${shown.length}; narrow the dates to see the rest.
          </p>`
        : ''
    }
  </section>`;
}

function filterForm(places: Place[], f: ShowFilters) {
  return html`<form class="inline card" method="get" aria-label="Filter shows">
    <label
      >Place
      <select name="place">
        <option value="">All places</option>
        ${places.map((p) => html`<option value="${p.id}" ${p.id === f.place ? html`selected` : ''}>${p.name}</option>`)}
      </select></label
    >
    <label>From <input type="date" name="from" value="${f.from ?? ''}" /></label>
    <label>To <input type="date" name="to" value="${f.to ?? ''}" /></label>
    <label>Genre <input type="text" name="genre" value="${f.genre ?? ''}" placeholder="e.g. rock" /></label>
    <label class="check"
      ><input type="checkbox" name="known" value="1" ${f.known ? html`checked` : ''} /> Only artists I
      know</label
    >
    <button type="submit">Filter</button>
  </form>`;
}
