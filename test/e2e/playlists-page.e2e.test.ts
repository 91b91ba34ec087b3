import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Place } from '../../src/events/types.ts';
import { savePlace } from '../../src/store/places.ts';
import { addMatch, addPicks, addShows, BUFFALO } from '../playlists/fixtures.ts';
import { startWebHarness, type WebHarness } from '../web/web-harness.ts';
import { launchChromium } from './browser.ts';
import { shotsAt } from './shots.ts';

const ROCHESTER: Place = { ...BUFFALO, id: 'rochester-ny', name: 'Rochester, NY', lat: 43.16, lon: -77.61 };

let h: WebHarness;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  h = await startWebHarness();
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.setDefaultTimeout(20_000);
  await page.goto(`${h.web.url}/login?as=demo-alice`);
  await page.waitForURL(`${h.web.url}/`);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await h?.stop();
});

const preview = (query: string) => page.goto(`${h.web.url}/playlists/preview?${query}`);
const cause = () => page.locator('[data-empty-cause]').getAttribute('data-empty-cause');
const day = (offset: number) => new Date(h.clock.now() + offset * 86_400_000).toISOString().slice(0, 10);

/** Two artists of the simulator's catalog Alice never played, in Buffalo, each with three real picks. */
async function bookBuffalo(): Promise<void> {
  const played = new Set(
    (await h.db.all<{ id: string }>('SELECT DISTINCT artist_id AS id FROM track_artists')).map((r) => r.id),
  );
  const artists = h.sim.state.catalog.artists.filter(
    (a) => !played.has(a.id) && h.sim.state.catalog.tracksByArtist(a.id).length >= 3,
  );
  const [a, b] = artists.slice(-2) as [(typeof artists)[0], (typeof artists)[0]];
  await addShows(
    h.db,
    [
      { id: 'P1', date: day(10), genre: 'Rock', bill: [a.name] },
      { id: 'P2', date: day(20), genre: 'Rock', bill: [b.name] },
    ],
    h.clock.now(),
  );
  for (const x of [a, b]) {
    await addMatch(h.db, x.name, { id: x.id, name: x.name });
    await addPicks(h.db, x.id, h.sim.state.catalog.tracksByArtist(x.id).slice(0, 3));
  }
}

describe('the Playlists page in Chromium', { timeout: 120_000 }, () => {
  it('is an error, not "Shows near nowhere", without a place or with an unknown one', async () => {
    await h.db.run('DELETE FROM places');
    const none = await preview('place=buffalo-ny');
    expect(none?.status()).toBe(400);
    await expect(page.locator('main').textContent()).resolves.toContain('encore places add');
    await savePlace(h.db, BUFFALO, new Date(h.clock.now()));
    const unknown = await preview('place=nowhere');
    expect(unknown?.status()).toBe(404);
    const text = await page.locator('main').textContent();
    expect(text).toContain('encore has no place "nowhere"');
    expect(text).toContain('Buffalo, NY');
    expect(text).not.toContain('Shows near nowhere');
  });

  it('names the real cause of an empty preview and disables Create so that it looks disabled', async () => {
    await preview('place=buffalo-ny');
    expect(await cause()).toBe('no-shows');
    await expect(page.locator('[data-empty-cause]').textContent()).resolves.toContain('encore shows sync');
    const create = page.getByRole('button', { name: 'Create on Spotify' });
    expect(await create.isDisabled()).toBe(true);
    expect(await create.getAttribute('aria-disabled')).toBe('true');
    await expect(page.locator('#create-why').textContent()).resolves.toContain('no tracks');
    const look = (name: string) =>
      page
        .getByRole('button', { name })
        .evaluate((el) => [getComputedStyle(el).backgroundColor, getComputedStyle(el).cursor]);
    const [disabledBg, disabledCursor] = await look('Create on Spotify');
    const [enabledBg] = await look('Preview');
    expect(disabledCursor).toBe('not-allowed');
    expect(disabledBg).not.toBe(enabledBg);
    await shotsAt(page, 'playlists-preview-empty');

    await addShows(h.db, [{ id: 'P0', date: day(5), bill: ['Nobody Matched Yet'] }], h.clock.now());
    await preview('place=buffalo-ny');
    expect(await cause()).toBe('none-matched');
    await bookBuffalo();
    await preview('place=buffalo-ny&window=5');
    expect(await cause()).toBe('none-in-window');
    await expect(page.locator('[data-empty-cause]').textContent()).resolves.toContain('Days ahead');
    await preview('place=buffalo-ny&genre=jazz');
    expect(await cause()).toBe('genre');
    await expect(page.locator('[data-empty-cause]').textContent()).resolves.toContain('"jazz"');
    await preview('place=buffalo-ny&audience=known');
    expect(await cause()).toBe('audience');
    await preview('place=buffalo-ny');
    expect(await page.locator('[data-empty-cause]').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Create on Spotify' }).isEnabled()).toBe(true);
  });

  it('says when Max tracks cuts the playlist at 100, and takes them all when raised', async () => {
    // 12 artists × 10 picks = 120 songs near Rochester.
    const bill = Array.from({ length: 12 }, (_, i) => ({ id: `R${i}`, name: `Rochester Band ${i}` }));
    await addShows(
      h.db,
      bill.map((b, i) => ({ id: b.id, date: day(3 + i), bill: [b.name] })),
      h.clock.now(),
      ROCHESTER,
    );
    for (const b of bill) {
      const artist = { id: `${b.id}`.padEnd(22, 'x'), name: b.name };
      await addMatch(h.db, b.name, artist);
      await addPicks(
        h.db,
        artist.id,
        Array.from({ length: 10 }, (_, k) => ({ id: `${b.id}t${k}`.padEnd(22, 'y'), name: `Song ${k}` })),
      );
    }
    await preview('place=rochester-ny&perArtist=10');
    expect(await page.locator('[data-table="playlist-tracks"] tbody tr').count()).toBe(100);
    expect(await page.locator('[data-cut]').getAttribute('data-cut')).toBe('120');
    await expect(page.locator('[data-cut]').textContent()).resolves.toMatch(/Cut at 100 tracks/);
    await preview('place=rochester-ny&perArtist=10&max=200');
    expect(await page.locator('[data-table="playlist-tracks"] tbody tr').count()).toBe(120);
    expect(await page.locator('[data-cut]').count()).toBe(0);
  });

  it('lists a playlist without repeating its name, and warns instead of creating the same one twice', async () => {
    await preview('place=buffalo-ny&max=5');
    expect(await page.locator('[data-cut]').getAttribute('data-cut')).toBe('6');
    await page.getByRole('button', { name: 'Create on Spotify' }).click();
    await page.waitForURL(/\/playlists\/pl_/);
    // Five tracks of six: the playlist's own page says it was cut at its Max tracks.
    await expect(page.locator('[data-capped]').textContent()).resolves.toContain('Cut at 5 tracks');
    await shotsAt(page, 'playlist-detail');

    await page.goto(`${h.web.url}/playlists`);
    const item = page.locator('[data-playlist]');
    expect(await item.count()).toBe(1);
    const text = (await item.textContent())!;
    expect(text.split('Shows near Buffalo, NY').length - 1).toBe(1);
    expect(await item.locator('[data-details]').textContent()).toContain('next 90 days');
    expect(await item.locator('[data-track-count]').getAttribute('data-track-count')).toBe('5');
    await shotsAt(page, 'playlists-list');

    // The same definition again: a warning with a link, and Create is disabled.
    await preview('place=buffalo-ny&max=5&name=Another%20name');
    const warning = page.locator('[data-duplicate]');
    await expect(warning.textContent()).resolves.toContain('You already have this playlist');
    expect(await warning.locator('a').getAttribute('href')).toMatch(/^\/playlists\/pl_/);
    expect(await page.getByRole('button', { name: 'Create on Spotify' }).isDisabled()).toBe(true);
    await shotsAt(page, 'playlists-preview-duplicate');
    // Posting it anyway (an old tab, a script) is refused with a 409, and nothing is created.
    await page.getByRole('button', { name: 'Create on Spotify' }).evaluate((b) => {
      b.removeAttribute('disabled');
      b.removeAttribute('aria-disabled');
    });
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/playlists') && r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Create on Spotify' }).click(),
    ]);
    expect(response.status()).toBe(409);
    await expect(page.locator('[data-duplicate]').textContent()).resolves.toMatch(/nothing\s+was created/);
    const rows = await h.db.one<{ n: number }>(
      "SELECT count(*)::INTEGER AS n FROM playlists WHERE user_id = 'demo-alice'",
    );
    expect(rows!.n).toBe(1);
    expect(
      h.sim.state.playlistsOf('demo-alice').filter((p) => p.name.startsWith('Shows near Buffalo')).length,
    ).toBe(1);
  });
});
