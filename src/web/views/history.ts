import { html } from 'hono/html';
import type { PlayRow } from '../../analytics/index.ts';
import { formatDuration } from '../../util/format.ts';
import { formatInt } from '../format.ts';
import { albumLink, artistLink, trackLink } from '../links.ts';
import type { HistoryPage } from '../loaders/history.ts';
import type { Html } from '../markup.ts';

/** History: every stored play of the signed-in account, newest first, paged and searchable. */
export function historyView(h: HistoryPage, timeZone: string): Html {
  const { search, total } = h;
  return html`<h1>History</h1>
    <form class="inline card" method="get" role="search" aria-label="Search your plays">
      <label class="wide" style="flex:1 1 14rem"
        >Track, artist or album
        <input type="search" name="q" value="${search}" placeholder="e.g. lanterns" />
      </label>
      <button type="submit">Search</button>
      ${search ? html`<a href="/history">Clear</a>` : ''}
    </form>
    <section class="card" aria-labelledby="plays-heading">
      <h2 id="plays-heading">
        <span data-total="${total}">${formatInt(total)}</span>
        ${total === 1 ? 'play' : 'plays'}${search ? html` matching “${search}”` : ''}
      </h2>
      ${playsTable(h, timeZone)} ${pastEnd(h)} ${pager(h)}
    </section>`;
}

function link(h: HistoryPage, page: number): string {
  const q = new URLSearchParams();
  if (h.search) q.set('q', h.search);
  if (page > 1) q.set('page', String(page));
  const text = q.toString();
  return text ? `/history?${text}` : '/history';
}

function playsTable(h: HistoryPage, timeZone: string): Html | string {
  if (!h.rows.length)
    return h.page > h.pages
      ? ''
      : html`<p class="muted">No plays${h.search ? ' match this search' : ' yet'}.</p>`;
  return html`<p class="small muted show-narrow" data-narrow-hint>
      Album and listening time are hidden on a narrow screen; turn the phone sideways or use a wider window to
      see them.
    </p>
    <div class="table-wrap">
      <table data-table="plays">
        <thead>
          <tr>
            <th scope="col">Played (${timeZone})</th>
            <th scope="col">Track</th>
            <th scope="col">Artist</th>
            <th scope="col" class="hide-narrow">Album</th>
            <th scope="col" class="num hide-narrow">Listened</th>
            <th scope="col">Source</th>
          </tr>
        </thead>
        <tbody>
          ${h.rows.map(playRow)}
        </tbody>
      </table>
    </div>`;
}

function pastEnd(h: HistoryPage): Html | string {
  if (h.page <= h.pages) return '';
  return html`<p class="notice bad" role="alert" data-past-end>
    Page ${formatInt(h.page)} is past the end: there ${h.pages === 1 ? 'is' : 'are'} only
    ${formatInt(h.pages)} ${h.pages === 1 ? 'page' : 'pages'}.
    <a href="${link(h, h.pages)}">Go to the last page</a>
  </p>`;
}

function pager(h: HistoryPage): Html {
  return html`<nav class="pager" aria-label="Pages">
    ${h.page > 1 ? html`<a href="${link(h, h.page - 1)}" rel="prev">← Newer</a>` : html`<span></span>`}
    <span class="small muted">Page ${h.page} of ${h.pages}</span>
    ${h.page < h.pages ? html`<a href="${link(h, h.page + 1)}" rel="next">Older →</a>` : html`<span></span>`}
  </nav>`;
}

function playRow(p: PlayRow): Html {
  return html`<tr data-played-at="${p.playedAt}" data-track-id="${p.trackId ?? ''}">
    <td class="small" style="white-space:nowrap">${p.localTime}</td>
    <td>
      ${p.kind === 'track' ? trackLink({ trackKey: p.trackKey, name: p.trackName ?? '(unknown track)' }) : (p.trackName ?? '(unknown track)')}
    </td>
    <td>
      ${p.kind === 'track' ? artistLink({ artistId: p.artistId, name: p.artistName }) : (p.artistName ?? '')}
    </td>
    <td class="small hide-narrow">
      ${p.kind === 'track' ? albumLink({ albumId: p.albumId, name: p.albumName, artistName: p.artistName }) : (p.albumName ?? '')}
    </td>
    <td class="num small hide-narrow" title="${p.msPlayedSource ?? ''}">${formatDuration(p.msPlayed)}</td>
    <td>
      <span class="badge ${p.origin === 'live' ? '' : 'plain'}" title="${p.source}"
        >${p.origin === 'live' ? 'live' : 'export'}</span
      >
    </td>
  </tr>`;
}
