import type { SearchHit, SearchResults } from '../../analytics/index.ts';
import { formatInt } from '../format.ts';
import { html } from 'hono/html';
import type { Html } from '../markup.ts';
import { albumHref, artistHref, trackHref } from '../links.ts';

type Group = 'artists' | 'tracks' | 'albums';

const HEADINGS: Record<Group, string> = { artists: 'Artists', tracks: 'Tracks', albums: 'Albums' };

function hrefOf(group: Group, hit: SearchHit): string | null {
  if (group === 'artists') return artistHref({ artistId: hit.id, name: hit.name });
  if (group === 'tracks') return trackHref(hit.id);
  return albumHref({ albumId: hit.id, name: hit.name, artistName: hit.playArtist });
}

/** The search page: the form again, then one card per kind. */
export function searchView(text: string, results: SearchResults | null, problem: string | null): Html {
  const total = results ? results.artists.length + results.tracks.length + results.albums.length : 0;
  return html`<h1>Search</h1>
    <form class="inline card" method="get" action="/search" role="search" aria-label="Search your history">
      <label class="wide" style="flex:1 1 14rem"
        >Artist, track or album
        <input type="search" name="q" value="${text}" maxlength="200" placeholder="e.g. bjork" />
      </label>
      <button type="submit">Search</button>
    </form>
    ${problem ? html`<p class="notice bad" role="alert">${problem}</p>` : ''}
    ${
      results
        ? html`<p class="small muted" data-results="${total}">
              ${total ? `${formatInt(total)} ${total === 1 ? 'match' : 'matches'}` : 'Nothing in your history matches'}
              “${text.trim()}” — names that start with it first, then by your streams.
            </p>
            <div class="grid">
              ${(['artists', 'tracks', 'albums'] as const).map((g) => groupCard(g, results[g]))}
            </div>`
        : ''
    }`;
}

function groupCard(group: Group, hits: SearchHit[]): Html {
  return html`<section class="card" aria-labelledby="search-${group}" data-group="${group}">
    <h2 id="search-${group}">${HEADINGS[group]}</h2>
    ${
      hits.length
        ? html`<ul class="plain-list">
            ${hits.map((hit) => {
              const href = hrefOf(group, hit);
              return html`<li data-hit="${group}" data-plays="${hit.plays}">
                ${href ? html`<a href="${href}">${hit.name}</a>` : hit.name}
                ${hit.artistName ? html`<span class="muted small">· ${hit.artistName}</span>` : ''}
                <span class="muted small"
                  >· ${formatInt(hit.plays)} ${hit.plays === 1 ? 'stream' : 'streams'}</span
                >
              </li>`;
            })}
          </ul>`
        : html`<p class="muted">None.</p>`
    }
  </section>`;
}
