import { html } from 'hono/html';
import type { NamedTrack } from '../../analytics/track-names.ts';
import type { Place } from '../../events/types.ts';
import type { ManagedPlaylist } from '../../playlists/store.ts';
import type { PreviewPage } from '../loaders/playlists.ts';
import type { Html } from '../markup.ts';
import {
  capNotice,
  createControls,
  definitionDetails,
  playlistListItem,
  previewNotices,
} from './playlist-pages.ts';
import {
  changeLine,
  definitionForm,
  FORM_DEFAULTS,
  hiddenDefinition,
  refreshButton,
  tracksTable,
} from './playlists.ts';

/** The account's playlists, and the form for a new one. */
export function playlistsView(
  page: { places: Place[]; mine: ManagedPlaylist[]; placeNames: Map<string, string> },
  csrf: string,
  timeZone: string,
): Html {
  const { places, mine } = page;
  return html`<h1>Playlists</h1>
    <section class="card" aria-labelledby="yours">
      <h2 id="yours">Your playlists</h2>
      ${
        mine.length
          ? html`<ul style="list-style:none;padding:0;margin:0">
              ${mine.map((p) => playlistListItem(p, page.placeNames.get(p.definition.placeId) ?? null, csrf, timeZone))}
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
}

/** A definition's tracks before anything is created, with Create on Spotify and the form again. */
export function previewView(p: Extract<PreviewPage, { problem?: undefined }>, csrf: string): Html {
  return html`<h1>Preview</h1>
    <section class="card" data-preview-tracks="${p.preview.tracks.length}">
      <p>
        <strong>${p.name}</strong> · ${definitionDetails(p.definition, p.place.name, p.name)} ·
        ${p.preview.tracks.length} tracks
      </p>
      ${previewNotices(p.preview, p.definition, p.duplicate)}
      <form method="post" action="/playlists">
        <input type="hidden" name="_csrf" value="${csrf}" />
        ${hiddenDefinition(p.form)} ${createControls(p.preview, p.duplicate)}
      </form>
    </section>
    <section class="card" aria-labelledby="tracks">
      <h2 id="tracks">Tracks, in order</h2>
      ${tracksTable(p.preview.tracks)}
    </section>
    <section class="card">
      <h2>Change it</h2>
      ${definitionForm(p.places, p.form)}
    </section>`;
}

/** Creating a playlist the account already has: nothing was created. */
export function duplicateView(existing: ManagedPlaylist): Html {
  const link = html`<a href="/playlists/${existing.key}">${existing.name}</a>`;
  return html`<section class="card narrow">
    <h1>You already have this playlist</h1>
    <p class="notice warn" role="alert" data-duplicate="${existing.key}">
      ${link} has exactly this definition, so nothing was created. Refresh it instead, or change the
      definition.
    </p>
    <p><a href="/playlists">Back to your playlists</a></p>
  </section>`;
}

/** One playlist: its definition, last change, refresh button and tracks on Spotify. */
export function playlistView(
  page: { p: ManagedPlaylist; tracks: NamedTrack[]; place: Place | undefined },
  csrf: string,
  timeZone: string,
): Html {
  const { p, tracks, place } = page;
  return html`<h1>${p.name}</h1>
    <section class="card" data-playlist="${p.key}" data-spotify-id="${p.spotifyPlaylistId ?? ''}">
      <p data-details>${definitionDetails(p.definition, place?.name ?? null, p.name)}</p>
      <p class="small">${changeLine(p, timeZone)}</p>
      <p class="small muted">Spotify playlist: ${p.spotifyPlaylistId ?? '—'}</p>
      ${capNotice(p)} ${refreshButton(p, csrf)}
    </section>
    <section class="card" aria-labelledby="tracks">
      <h2 id="tracks">${tracks.length} tracks on Spotify, in order</h2>
      <ol data-list="playlist-tracks">
        ${tracks.map((t) => html`<li data-track-id="${t.id}">${t.name ?? t.id}${t.artist ? html` <span class="muted small">· ${t.artist}</span>` : ''}</li>`)}
      </ol>
    </section>`;
}
