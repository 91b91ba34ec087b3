import type { ShowArtist, ShowListing, ShowPerformer } from '../../shows/list-shows.ts';
import type { MatchRow } from '../../store/matches.ts';
import { formatInt } from '../format.ts';
import { html, type SafeHtml } from '../html.ts';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** One show: its date block, name, venue and bill with matches, badges and explanations. */
export function showItem(listing: ShowListing, matches: Map<string, MatchRow>, csrf: string): SafeHtml {
  const e = listing.event;
  const [, month, day] = e.localDate.split('-');
  return html`<li class="show" data-event="${e.key}" data-known="${String(listing.known)}">
    <div class="date" aria-hidden="true">
      <span class="small">${MONTHS[Number(month) - 1] ?? ''}</span><strong>${Number(day)}</strong>
    </div>
    <div>
      <h3 style="margin:0;font-size:1.05rem">
        ${e.url ? html`<a href="${e.url}" rel="noopener noreferrer">${e.name}</a>` : e.name}
      </h3>
      <p class="small muted" style="margin:0.1rem 0">
        <time datetime="${e.localDate}">${e.localDate}</time>${e.localTime ? ` ${e.localTime}` : ''} ·
        ${e.venue.name}${e.venue.city ? `, ${e.venue.city}` : ''}
        ${e.status !== 'scheduled' ? html` · <span class="badge warn">${e.status}</span>` : ''}
        ${e.classification.genre ? html` · ${e.classification.genre}` : ''}
      </p>
      <ul class="performers">
        ${listing.performers.map((p) => performerItem(p, matches, csrf))}
      </ul>
    </div>
  </li>`;
}

function performerItem(p: ShowPerformer, matches: Map<string, MatchRow>, csrf: string): SafeHtml {
  return html`<li data-performer="${p.billed}">
    ${p.headliner ? html`<strong>${p.billed}</strong>` : p.billed}
    ${p.artists.map((a) => artistLine(p, a, matches.get(a.key), csrf))}
  </li>`;
}

function artistLine(p: ShowPerformer, a: ShowArtist, row: MatchRow | undefined, csrf: string): SafeHtml {
  const split = p.artists.length > 1 || a.name !== p.billed;
  const target = a.match?.artistId
    ? html`→ ${a.match.artistName ?? a.match.artistId}`
    : a.match
      ? html`<span class="muted">not on Spotify</span>`
      : html`<span class="muted">not matched yet</span>`;
  const badge =
    a.plays > 0
      ? html`<span class="badge" data-plays="${a.plays}" title="your plays of this artist"
          >♫ ${formatInt(a.plays)} ${a.plays === 1 ? 'play' : 'plays'}</span
        >`
      : '';
  return html`<div class="small" data-artist-key="${a.key}">
    ${split ? html`${a.name} ` : ''}${target} ${badge}
    ${a.match?.manual ? html`<span class="badge plain">set by hand</span>` : ''}
    ${row ? explanation(a, row, csrf) : ''}
  </div>`;
}

/** Why encore decided this, and a form to decide otherwise (stored as a manual match). */
function explanation(a: ShowArtist, row: MatchRow, csrf: string): SafeHtml {
  const options = (row.candidates ?? []).filter((c) => c.id !== row.artistId);
  const id = `fix-${row.performerKey.replace(/[^a-z0-9]/gi, '-')}`;
  return html`<details>
    <summary>Why this match?</summary>
    <p>${row.reason}</p>
    <p class="muted">
      Method: ${row.method}, score
      ${Math.round(row.score)}${
        row.runnerUp ? html`; runner-up ${row.runnerUp.name} (${Math.round(row.runnerUp.score)})` : ''
      }
    </p>
    <form method="post" action="/shows/match" class="inline">
      <input type="hidden" name="_csrf" value="${csrf}" />
      <input type="hidden" name="performer" value="${a.name}" />
      <label for="${id}"
        >Correct it: ${a.name} is
        <select id="${id}" name="candidate">
          <option value="">— another artist (link below) —</option>
          ${options.map((c) => html`<option value="${c.id}">${c.name}</option>`)}
          <option value="none">not on Spotify (leave out)</option>
        </select></label
      >
      <label
        >Spotify artist link
        <input type="text" name="link" placeholder="https://open.spotify.com/artist/…" />
      </label>
      <button type="submit" class="secondary">Save</button>
    </form>
  </details>`;
}
