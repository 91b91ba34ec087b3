import type { Hono } from 'hono';
import { listPlays, type PlayRow } from '../../analytics/index.ts';
import { formatDuration } from '../../util/format.ts';
import type { WebDeps, WebEnv } from '../context.ts';
import { formatInt, intParam } from '../format.ts';
import { html } from 'hono/html';
import { renderPage } from '../layout.ts';
import { albumLink, artistLink, trackLink } from '../links.ts';

const PAGE_SIZE = 50;

/** History: every stored play of the signed-in account, newest first, paged and searchable. */
export function registerHistoryRoutes(app: Hono<WebEnv>, deps: WebDeps): void {
  app.get('/history', async (c) => {
    const user = c.get('user')!;
    const search = (c.req.query('q') ?? '').trim().slice(0, 200);
    const pageNo = intParam(c.req.query('page'), 1, 1, 1_000_000);
    const result = await listPlays(deps.db, {
      userId: user.userId,
      search: search || undefined,
      page: pageNo,
      pageSize: PAGE_SIZE,
      timeZone: user.timeZone,
    });
    const pages = Math.max(1, Math.ceil(result.total / PAGE_SIZE));
    const link = (p: number) => {
      const q = new URLSearchParams();
      if (search) q.set('q', search);
      if (p > 1) q.set('page', String(p));
      const text = q.toString();
      return text ? `/history?${text}` : '/history';
    };
    const body = html`<h1>History</h1>
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
          <span data-total="${result.total}">${formatInt(result.total)}</span>
          ${result.total === 1 ? 'play' : 'plays'}${search ? html` matching “${search}”` : ''}
        </h2>
        ${
          result.rows.length
            ? html`<p class="small muted show-narrow" data-narrow-hint>
                  Album and listening time are hidden on a narrow screen; turn the phone sideways or use a
                  wider window to see them.
                </p>
                <div class="table-wrap">
                  <table data-table="plays">
                    <thead>
                      <tr>
                        <th scope="col">Played (${user.timeZone})</th>
                        <th scope="col">Track</th>
                        <th scope="col">Artist</th>
                        <th scope="col" class="hide-narrow">Album</th>
                        <th scope="col" class="num hide-narrow">Listened</th>
                        <th scope="col">Source</th>
                      </tr>
                    </thead>
                    <tbody>
                      ${result.rows.map(playRow)}
                    </tbody>
                  </table>
                </div>`
            : pageNo > pages
              ? ''
              : html`<p class="muted">No plays${search ? ' match this search' : ' yet'}.</p>`
        }
        ${
          pageNo > pages
            ? html`<p class="notice bad" role="alert" data-past-end>
                Page ${formatInt(pageNo)} is past the end: there ${pages === 1 ? 'is' : 'are'} only
                ${formatInt(pages)} ${pages === 1 ? 'page' : 'pages'}.
                <a href="${link(pages)}">Go to the last page</a>
              </p>`
            : ''
        }
        <nav class="pager" aria-label="Pages">
          ${pageNo > 1 ? html`<a href="${link(pageNo - 1)}" rel="prev">← Newer</a>` : html`<span></span>`}
          <span class="small muted">Page ${pageNo} of ${pages}</span>
          ${pageNo < pages ? html`<a href="${link(pageNo + 1)}" rel="next">Older →</a>` : html`<span></span>`}
        </nav>
      </section>`;
    return c.html(renderPage(c, deps, { title: 'History', active: 'history', body }));
  });
}

function playRow(p: PlayRow) {
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
