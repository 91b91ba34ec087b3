import { html } from 'hono/html';
import { STREAMS_LEGEND } from '../../analytics/artist-streams.ts';
import type { Place } from '../../events/types.ts';
import { formatInt } from '../format.ts';
import type { PlaceShows, ShowsPage } from '../loaders/shows.ts';
import type { Html } from '../markup.ts';
import { keptQuery, queryOf, SHOWS_PER_PAGE, type ShowFilters } from '../shows-query.ts';
import { alertsBox } from './alerts-box.ts';
import { type FixContext, showsByWeek } from './shows.ts';

export interface ShowsView {
  filters: ShowFilters;
  fix: FixContext;
  /** A sentence when the filters asked for something impossible. */
  problem?: string;
  /** How many alerts the last "Dismiss" took away (shown once after the redirect). */
  dismissed: number | null;
}

/**
 * Shows: the upcoming shows per place with the signed-in account's play counts, each
 * match's explanation, and a form to correct a match.
 */
export function showsView(page: ShowsPage, v: ShowsView): Html {
  const sections = page.sections.map((s) => placeSection(s, v.fix, v.filters));
  return html`<h1>Shows near you</h1>
    ${alertsBox(page.alerts, v.fix.csrf, v.fix.back, v.dismissed)}
    <p class="small muted" data-legend>♫ ${STREAMS_LEGEND}, all time: the count the dashboard shows.</p>
    ${v.problem ? html`<p class="notice bad" role="alert">${v.problem}</p>` : ''}
    ${filterForm(page.places, v.filters)}
    ${
      page.places.length
        ? sections
        : html`<section class="card">
            <p>
              No places yet. Add one with <code>encore places add</code>, then <code>encore shows sync</code>.
            </p>
          </section>`
    }`;
}

function placeSection(
  { place, total, onPage, matches }: PlaceShows,
  fix: FixContext,
  filters: ShowFilters,
): Html {
  const pages = Math.max(1, Math.ceil(total / SHOWS_PER_PAGE));
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
    ${pages > 1 ? pager(place, pages, filters) : ''}
  </section>`;
}

function pager(place: Place, pages: number, filters: ShowFilters): Html {
  const link = (page: number) => {
    const q = new URLSearchParams(keptQuery({ ...queryOf(filters), page: String(page) }));
    return `/shows?${q.toString()}#place-${place.id}`;
  };
  return html`<nav class="pager" aria-label="Pages of shows in ${place.name}">
    ${filters.page > 1 ? html`<a href="${link(filters.page - 1)}" rel="prev">← Earlier</a>` : html`<span></span>`}
    <span class="small muted">Page ${Math.min(filters.page, pages)} of ${pages}</span>
    ${filters.page < pages ? html`<a href="${link(filters.page + 1)}" rel="next">Later →</a>` : html`<span></span>`}
  </nav>`;
}

function filterForm(places: Place[], f: ShowFilters): Html {
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
