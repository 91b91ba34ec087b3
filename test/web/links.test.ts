import { describe, expect, it } from 'vitest';
import { albumHref, artistHref, artistLink, entityHref, trackLink } from '../../src/web/links.ts';

describe('links to artist, album and track pages', () => {
  it('uses catalog ids, else name keys, always URL-encoded', () => {
    expect(artistHref({ artistId: 'ar1', name: 'Alpha' })).toBe('/artist/ar1');
    expect(artistHref({ artistId: null, name: 'Zoë & Co' })).toBe('/artist/name%3AZo%C3%AB%20%26%20Co');
    expect(albumHref({ albumId: null, name: ' Hush ', artistName: 'Zoë' })).toBe(
      `/album/${encodeURIComponent('name:Hush|Zoë')}`,
    );
    expect(entityHref('track', 'a/b?c#d')).toBe('/track/a%2Fb%3Fc%23d');
  });

  it('renders plain escaped text when there is nowhere to go', async () => {
    expect(artistHref({ artistId: null, name: null })).toBeNull();
    expect(String(await trackLink({ trackKey: null, name: '<b>x</b>' }))).toBe('&lt;b&gt;x&lt;/b&gt;');
    expect(String(await artistLink({ artistId: 'ar"1', name: 'A' }))).toBe(
      '<a href="/artist/ar%221" data-entity="artist">A</a>',
    );
  });
});
