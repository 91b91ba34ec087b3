import type { Place } from '../../events/types.ts';
import type { ManagedPlaylist, PlaylistTrack } from '../../playlists/index.ts';
import { formatLocalTime } from '../../util/format.ts';
import { STREAMS_LEGEND } from '../../analytics/artist-streams.ts';
import { formatInt } from '../format.ts';
import { html } from 'hono/html';
import type { Html } from '../markup.ts';

export interface PlaylistForm {
  name: string;
  placeId: string;
  windowDays: string;
  genre: string;
  audience: 'all' | 'known' | 'new';
  tracksPerArtist: string;
  maxTracks: string;
}

export const FORM_DEFAULTS: Omit<PlaylistForm, 'placeId'> = {
  name: '',
  windowDays: '90',
  genre: '',
  audience: 'all',
  tracksPerArtist: '3',
  maxTracks: '100',
};

/** The definition form; "Preview" is a GET (no change), creating is a separate POST. */
export function definitionForm(places: Place[], f: PlaylistForm): Html {
  return html`<form class="inline" method="get" action="/playlists/preview" aria-label="Define a playlist">
    <label
      >Name <input type="text" name="name" value="${f.name}" placeholder="Shows near …" maxlength="100"
    /></label>
    <label
      >Place
      <select name="place" required>
        ${places.map((p) => html`<option value="${p.id}" ${p.id === f.placeId ? html`selected` : ''}>${p.name}</option>`)}
      </select></label
    >
    <label>Days ahead <input type="number" name="window" min="1" max="365" value="${f.windowDays}" /></label>
    <label>Genre <input type="text" name="genre" value="${f.genre}" placeholder="any" /></label>
    <label
      >Artists
      <select name="audience">
        <option value="all" ${f.audience === 'all' ? html`selected` : ''}>All</option>
        <option value="known" ${f.audience === 'known' ? html`selected` : ''}>Only ones I know</option>
        <option value="new" ${f.audience === 'new' ? html`selected` : ''}>Only new to me</option>
      </select></label
    >
    <label
      >Tracks per artist <input type="number" name="perArtist" min="1" max="10" value="${f.tracksPerArtist}"
    /></label>
    <label>Max tracks <input type="number" name="max" min="1" max="10000" value="${f.maxTracks}" /></label>
    <button type="submit">Preview</button>
  </form>`;
}

/** The same fields as hidden inputs, for the "Create on Spotify" POST under a preview. */
export function hiddenDefinition(f: PlaylistForm): Html {
  const fields: Array<[string, string]> = [
    ['name', f.name],
    ['place', f.placeId],
    ['window', f.windowDays],
    ['genre', f.genre],
    ['audience', f.audience],
    ['perArtist', f.tracksPerArtist],
    ['max', f.maxTracks],
  ];
  return html`${fields.map(([n, v]) => html`<input type="hidden" name="${n}" value="${v}" />`)}`;
}

export function tracksTable(tracks: PlaylistTrack[]): Html {
  if (!tracks.length) return html`<p class="muted">No tracks yet: the notice above says why.</p>`;
  return html`<div class="table-wrap">
    <table data-table="playlist-tracks">
      <thead>
        <tr>
          <th scope="col" class="num">#</th>
          <th scope="col">Track</th>
          <th scope="col">Artist</th>
          <th scope="col">Show</th>
          <th scope="col" class="num hide-narrow" title="${STREAMS_LEGEND}">Your streams</th>
        </tr>
      </thead>
      <tbody>
        ${tracks.map(
          (t, i) =>
            html`<tr data-track-id="${t.trackId}">
              <td class="num">${i + 1}</td>
              <td>${t.trackName ?? t.trackId}</td>
              <td>${t.artistName}</td>
              <td class="small">
                <span style="white-space:nowrap">${t.localDate}</span><br />${t.venueName}
              </td>
              <td class="num hide-narrow">${t.plays ? formatInt(t.plays) : ''}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

export function changeLine(p: ManagedPlaylist, timeZone: string): Html {
  if (!p.lastRefreshedAt) return html`<span class="muted">Not written to Spotify yet.</span>`;
  const c = p.lastChange;
  return html`Last refreshed
  ${formatLocalTime(p.lastRefreshedAt.getTime(), timeZone)}${
    c
      ? html` · <span data-change-added="${c.added}">+${c.added}</span> added,
          <span data-change-removed="${c.removed}">−${c.removed}</span> removed, ${c.kept} kept`
      : ''
  }`;
}

export function refreshButton(p: ManagedPlaylist, csrf: string): Html {
  return html`<form method="post" action="/playlists/${p.key}/refresh" style="display:inline">
    <input type="hidden" name="_csrf" value="${csrf}" />
    <button type="submit">Refresh now</button>
  </form>`;
}
