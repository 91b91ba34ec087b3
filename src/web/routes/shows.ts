import type { Hono } from 'hono';
import type { Place } from '../../events/types.ts';
import { STREAMS_LEGEND } from '../../analytics/artist-streams.ts';
import { performerKey } from '../../matching/index.ts';
import { dateQuery, listShows, type ShowListing } from '../../shows/list-shows.ts';
import { ManualMatchError, parseArtistTarget, setManualMatch } from '../../shows/manual-match.ts';
import { listPlaces } from '../../store/places.ts';
import { getMatch, type MatchRow } from '../../store/matches.ts';
import type { WebDeps, WebEnv } from '../context.ts';
import { formatInt, intParam, parseIsoDay } from '../format.ts';
import { html } from 'hono/html';
import { errorPage, renderPage } from '../layout.ts';
import { alertsBox } from '../views/alerts-box.ts';
import { type FixContext, idPart, showsByWeek } from '../views/shows.ts';
import { loadAlertsBox, registerShowAlertRoutes } from './show-alerts.ts';

/** Shows per place and page: 81 shows in one list made a 20,000 px page. */
const SHOWS_PER_PAGE = 20;
/** The query keys a correction form brings back to, so the page stays where it was. */
const KEPT_KEYS = ['place', 'from', 'to', 'genre', 'known', 'page'];

interface ShowFilters {
  place?: string;
  from?: string;
  to?: string;
  genre?: string;
  known: boolean;
  page: number;
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
      page: intParam(q.page, 1, 1, 10_000),
    };
    // Reversed dates: say so, as the dashboard does, and show from today instead.
    let problem: string | undefined;
    if (filters.from && filters.to && filters.from > filters.to) {
      problem = `The range ${filters.from} … ${filters.to} ends before it starts; showing upcoming shows from today.`;
      filters.from = undefined;
      filters.to = undefined;
    }
    const places = await listPlaces(deps.db);
    const shown = filters.place ? places.filter((p) => p.id === filters.place) : places;
    const days = dateQuery(
      {
        ...(filters.from ? { from: new Date(`${filters.from}T00:00:00Z`) } : {}),
        ...(filters.to ? { to: new Date(`${filters.to}T00:00:00Z`) } : {}),
      },
      deps.clock.now(),
    );
    const fix: FixContext = { csrf: c.get('session')!.csrfToken, back: keptQuery(q), result: fixResult(q) };
    const sections = [];
    for (const place of shown) {
      const listings = await listShows(deps.db, {
        ...days,
        placeId: place.id,
        ...(filters.genre ? { genre: filters.genre } : {}),
        knownOnly: filters.known,
        userId: user.userId,
      });
      const onPage = listings.slice((filters.page - 1) * SHOWS_PER_PAGE, filters.page * SHOWS_PER_PAGE);
      const matches = await matchRows(deps, onPage);
      sections.push(placeSection(place, listings.length, onPage, matches, fix, filters));
    }
    const dismissed = q.dismissed && /^\d+$/.test(q.dismissed) ? Number(q.dismissed) : null;
    const alerts = alertsBox(await loadAlertsBox(deps, user), fix.csrf, fix.back, dismissed);
    const body = html`<h1>Shows near you</h1>
      ${alerts}
      <p class="small muted" data-legend>♫ ${STREAMS_LEGEND}, all time: the count the dashboard shows.</p>
      ${problem ? html`<p class="notice bad" role="alert">${problem}</p>` : ''} ${filterForm(places, filters)}
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

  registerShowAlertRoutes(app, deps, keptQuery);

  app.post('/shows/match', async (c) => {
    const user = c.get('user')!;
    const form = await c.req.parseBody();
    const performer = String(form.performer ?? '').trim();
    const candidate = String(form.candidate ?? '').trim();
    const link = String(form.link ?? '').trim();
    const current = performer ? await getMatch(deps.db, performerKey(performer)) : undefined;
    if (!current) return errorPage(c, deps, 404, 'Not found', ['encore has no decision for this performer.']);
    const back = keptQuery(new URLSearchParams(String(form.back ?? '')));
    const eventKey = String(form.event ?? '');
    // Back to the same page and show, with the outcome next to the form that was used.
    const returnTo = (ok: boolean, text: string) => {
      const q = new URLSearchParams(back);
      q.set('fix_event', eventKey);
      q.set('fix_performer', performer);
      q.set('fix_ok', ok ? '1' : '0');
      q.set('fix_text', text);
      return c.redirect(`/shows?${q.toString()}#show-${idPart(eventKey)}`, 303);
    };
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
      if (error instanceof ManualMatchError) return returnTo(false, error.message);
      throw error;
    }
    await setManualMatch(deps.db, performer, artist, new Date(deps.clock.now()), 'web');
    return returnTo(true, `${performer} → ${artist?.name ?? 'not on Spotify'}`);
  });
}

/** Only the filter and page keys of a query, as a query string. */
function keptQuery(q: Record<string, string> | URLSearchParams): string {
  const get = (key: string) => (q instanceof URLSearchParams ? q.get(key) : q[key]);
  const out = new URLSearchParams();
  for (const key of KEPT_KEYS) {
    const value = get(key);
    if (value) out.set(key, value.slice(0, 100));
  }
  return out.toString();
}

function fixResult(q: Record<string, string>): FixContext['result'] {
  if (!q.fix_event || !q.fix_performer || !q.fix_text) return undefined;
  return {
    eventKey: q.fix_event,
    performer: q.fix_performer,
    ok: q.fix_ok === '1',
    text: q.fix_text.slice(0, 300),
  };
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

function placeSection(
  place: Place,
  total: number,
  onPage: ShowListing[],
  matches: Map<string, MatchRow>,
  fix: FixContext,
  filters: ShowFilters,
) {
  const pages = Math.max(1, Math.ceil(total / SHOWS_PER_PAGE));
  const link = (page: number) => {
    const q = new URLSearchParams(keptQuery({ ...queryOf(filters), page: String(page) }));
    return `/shows?${q.toString()}#place-${place.id}`;
  };
  return html`<section class="card" aria-labelledby="place-${place.id}" data-place="${place.id}">
    <h2 id="place-${place.id}">${place.name} <span class="muted small">· ${formatInt(total)} shows</span></h2>
    ${
      onPage.length
        ? showsByWeek(onPage, matches, fix)
        : total
          ? html`<p class="muted" data-past-end>
              Page ${filters.page} is past the end: ${pages} ${pages === 1 ? 'page' : 'pages'} of shows here.
            </p>`
          : html`<p class="muted">No upcoming shows match these filters.</p>`
    }
    ${
      pages > 1
        ? html`<nav class="pager" aria-label="Pages of shows in ${place.name}">
            ${filters.page > 1 ? html`<a href="${link(filters.page - 1)}" rel="prev">← Earlier</a>` : html`<span></span>`}
            <span class="small muted">Page ${Math.min(filters.page, pages)} of ${pages}</span>
            ${filters.page < pages ? html`<a href="${link(filters.page + 1)}" rel="next">Later →</a>` : html`<span></span>`}
          </nav>`
        : ''
    }
  </section>`;
}

function queryOf(f: ShowFilters): Record<string, string> {
  return {
    ...(f.place ? { place: f.place } : {}),
    ...(f.from ? { from: f.from } : {}),
    ...(f.to ? { to: f.to } : {}),
    ...(f.genre ? { genre: f.genre } : {}),
    ...(f.known ? { known: '1' } : {}),
  };
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
