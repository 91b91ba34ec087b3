/**
 * Links to the artist, album and track pages: every list renders its names through these,
 * so a change of URL scheme happens here only. An entity without a key (a play that named
 * nothing) is plain text.
 */
import { albumKeyOf, artistKeyOf, type EntityKind } from '../analytics/index.ts';
import { html } from 'hono/html';
import type { Html } from './markup.ts';

export function entityHref(kind: EntityKind, id: string): string {
  return `/${kind}/${encodeURIComponent(id)}`;
}

export function artistHref(a: { artistId: string | null; name: string | null }): string | null {
  const key = artistKeyOf(a);
  return key ? entityHref('artist', key) : null;
}

export function albumHref(a: {
  albumId: string | null;
  name: string | null;
  artistName: string | null;
}): string | null {
  const key = albumKeyOf(a);
  return key ? entityHref('album', key) : null;
}

export function trackHref(trackKey: string | null): string | null {
  return trackKey ? entityHref('track', trackKey) : null;
}

/** The text as a link when there is somewhere to go. */
export function linked(text: string | null, href: string | null, kind: EntityKind): Html {
  if (!text) return html``;
  return href ? html`<a href="${href}" data-entity="${kind}">${text}</a>` : html`${text}`;
}

export function artistLink(a: { artistId: string | null; name: string | null }): Html {
  return linked(a.name, artistHref(a), 'artist');
}

export function albumLink(a: {
  albumId: string | null;
  name: string | null;
  artistName: string | null;
}): Html {
  return linked(a.name, albumHref(a), 'album');
}

export function trackLink(t: { trackKey: string | null; name: string | null }): Html {
  return linked(t.name, trackHref(t.trackKey), 'track');
}
