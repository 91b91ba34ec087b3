/**
 * The Playlists pages' sections: the list of your playlists, the preview's summary (with
 * why it is empty, whether Max tracks cut it, whether you already have it) and the create
 * button that says why it cannot be used.
 */
import type { ManagedPlaylist, PlaylistDefinition } from '../../playlists/index.ts';
import type { PlaylistPreview } from '../../playlists/preview.ts';
import { formatInt } from '../format.ts';
import { html } from 'hono/html';
import type { Html } from '../markup.ts';
import { changeLine, refreshButton } from './playlists.ts';

/**
 * The definition in words, without what the name already says: "Shows near Buffalo, NY"
 * is not followed by "Shows near Buffalo, NY · next 90 days".
 */
export function definitionDetails(def: PlaylistDefinition, placeName: string | null, name: string): string {
  const place = placeName ?? `place "${def.placeId}" (removed)`;
  const parts = [
    ...(placeName && name.toLowerCase().includes(placeName.toLowerCase()) ? [] : [`near ${place}`]),
    `next ${def.windowDays} days`,
    ...(def.genre ? [def.genre] : []),
    ...(def.audience === 'known'
      ? ['artists you know']
      : def.audience === 'new'
        ? ['artists new to you']
        : []),
    `up to ${def.tracksPerArtist} per artist`,
  ];
  return parts.join(' · ');
}

/** "100 tracks — the Max tracks cap" when a stored playlist is as long as it may be. */
function countLine(p: ManagedPlaylist): Html {
  const n = p.trackIds?.length ?? 0;
  const capped = n > 0 && n >= p.definition.maxTracks;
  return html`<span data-track-count="${n}">${formatInt(n)} ${n === 1 ? 'track' : 'tracks'}</span>${
      capped
        ? html` <span class="badge warn" data-capped title="More songs fit; raise Max tracks to take them"
            >cut at Max tracks (${formatInt(p.definition.maxTracks)})</span
          >`
        : ''
    }`;
}

export function playlistListItem(
  p: ManagedPlaylist,
  placeName: string | null,
  csrf: string,
  timeZone: string,
): Html {
  return html`<li
    class="stack"
    style="padding:0.6rem 0;border-bottom:1px solid var(--line)"
    data-playlist="${p.key}"
  >
    <div>
      <a href="/playlists/${p.key}"><strong>${p.name}</strong></a>
      <span class="small muted" data-details>· ${definitionDetails(p.definition, placeName, p.name)}</span>
    </div>
    <div class="small">${countLine(p)} · ${changeLine(p, timeZone)}</div>
    <div>${refreshButton(p, csrf)}</div>
  </li>`;
}

/** A sentence with `commands` in backticks (as the CLI prints it), the commands as <code>. */
function withCode(text: string): Html {
  return html`${text.split('`').map((part, i) => (i % 2 ? html`<code>${part}</code>` : part))}`;
}

/** The preview's notices: why it is empty, that Max tracks cut it, that you already have it. */
export function previewNotices(
  preview: PlaylistPreview,
  def: PlaylistDefinition,
  duplicate: ManagedPlaylist | undefined,
): Html {
  return html`${
    preview.empty
      ? html`<p class="notice bad" role="status" data-empty-cause="${preview.empty.cause}">
          No tracks. ${withCode(preview.empty.message)}
        </p>`
      : ''
  }${
    preview.cut
      ? html`<p class="notice warn" data-cut="${preview.available}">
          Cut at ${formatInt(def.maxTracks)} tracks (Max tracks): this definition has
          ${formatInt(preview.available)} songs. Raise "Max tracks" below to take them all (Spotify writes
          them 100 at a time).
        </p>`
      : ''
  }${
    duplicate
      ? html`<p class="notice warn" role="status" data-duplicate="${duplicate.key}">
          You already have this playlist: <a href="/playlists/${duplicate.key}">${duplicate.name}</a>. Refresh
          it instead of creating a copy, or change the definition below.
        </p>`
      : ''
  }`;
}

function createBlocker(preview: PlaylistPreview, duplicate: ManagedPlaylist | undefined): string {
  if (duplicate) return 'You already have a playlist with this definition.';
  return preview.empty ? 'There are no tracks to put in it.' : '';
}

/** Create on Spotify and Back; when Create cannot be used, it is disabled and a line says why. */
export function createControls(preview: PlaylistPreview, duplicate: ManagedPlaylist | undefined): Html {
  const why = createBlocker(preview, duplicate);
  if (!why) return html`<button type="submit">Create on Spotify</button> <a href="/playlists">Back</a>`;
  return html`<button type="submit" disabled aria-disabled="true" aria-describedby="create-why">
      Create on Spotify
    </button>
    <a href="/playlists">Back</a>
    <p id="create-why" class="small muted" style="margin:0.4rem 0 0">${why}</p>`;
}

/** On a playlist's own page: it holds as many tracks as Max tracks allows, so songs may be left out. */
export function capNotice(p: ManagedPlaylist): Html {
  const n = p.trackIds?.length ?? 0;
  if (n === 0 || n < p.definition.maxTracks) return html``;
  return html`<p class="notice warn" data-capped>
    Cut at ${formatInt(p.definition.maxTracks)} tracks (its Max tracks): the shows may have more songs.
    Preview the definition with a higher Max tracks to see them all.
  </p>`;
}
