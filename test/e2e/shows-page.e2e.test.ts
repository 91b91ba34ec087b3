import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMatch, addShows } from '../playlists/fixtures.ts';
import { startWebHarness, type WebHarness } from '../web/web-harness.ts';
import { captureWidths, launchChromium } from './browser.ts';

let h: WebHarness;
let browser: Browser;
let page: Page;
let artist: { id: string; name: string };

beforeAll(async () => {
  h = await startWebHarness();
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.setDefaultTimeout(20_000);
  await page.goto(`${h.web.url}/login?as=demo-alice`);
  await page.waitForURL(`${h.web.url}/`);
  artist = h.sim.state.catalog.artists[0]!;
  // 25 shows every other day; the same headliner plays four of them.
  const day = (i: number) => new Date(Date.UTC(2026, 10, 10 + 2 * i)).toISOString().slice(0, 10);
  await addShows(
    h.db,
    Array.from({ length: 25 }, (_, i) => ({
      id: `S${String(i).padStart(2, '0')}`,
      date: day(i),
      bill: i % 6 === 0 ? [artist.name] : [`Local Band ${i}`],
    })),
    h.clock.now(),
  );
  await addMatch(h.db, artist.name, artist);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await h?.stop();
});

describe('the Shows page in Chromium', { timeout: 90_000 }, () => {
  it('pages the shows, groups them by week, and keeps element ids unique', async () => {
    await page.goto(`${h.web.url}/shows`);
    expect(await page.locator('[data-event]').count()).toBe(20);
    expect(await page.locator('h3[data-week]').count()).toBeGreaterThan(1);
    const ids = await page.locator('[id]').evaluateAll((els) => els.map((e) => e.id));
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    expect(await page.locator(`[data-artist-key] summary`).count()).toBeGreaterThanOrEqual(4);
    // Each match links to the Spotify artist.
    const link = page.locator('a[data-spotify-artist]').first();
    expect(await link.getAttribute('href')).toBe(`https://open.spotify.com/artist/${artist.id}`);
    await captureWidths(page, 'shows-paged');
    await page.getByRole('link', { name: 'Later →' }).click();
    await page.waitForURL(/page=2/);
    expect(await page.locator('[data-event]').count()).toBe(5);
    await expect(page.locator('.pager').first().textContent()).resolves.toContain('Page 2 of 2');
  });

  it('explains reversed dates as the dashboard does', async () => {
    await page.goto(`${h.web.url}/shows?from=2026-12-20&to=2026-11-20`);
    await expect(page.locator('[role="alert"]').textContent()).resolves.toContain(
      'The range 2026-12-20 … 2026-11-20 ends before it starts',
    );
    expect(await page.locator('[data-event]').count()).toBe(20);
  });

  it('explains a bad link inline, next to the form, on the same page', async () => {
    await page.goto(`${h.web.url}/shows?page=2`);
    const line = page.locator('[data-event="ticketmaster:S24"] [data-artist-key]');
    await line.locator('summary').click();
    await line.getByLabel('Spotify artist link').fill('https://example.com/not-spotify');
    await line.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/fix_ok=0/);
    expect(new URL(page.url()).searchParams.get('page')).toBe('2');
    expect(new URL(page.url()).hash).toBe('#show-ticketmaster-S24');
    const result = page.locator('[data-event="ticketmaster:S24"] [data-fix-result]');
    await expect(result.textContent()).resolves.toMatch(/Not saved: \S/);
    await expect(page.locator('[data-event="ticketmaster:S24"] details').getAttribute('open')).resolves.toBe(
      '',
    );
  });

  it('saves a correction in place and says it was set on the web', async () => {
    await page.goto(`${h.web.url}/shows?page=2`);
    const line = page.locator('[data-event="ticketmaster:S24"] [data-artist-key]');
    await line.locator('summary').click();
    await line.getByLabel(/Correct it/).selectOption('none');
    await line.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/fix_ok=1/);
    expect(new URL(page.url()).hash).toBe('#show-ticketmaster-S24');
    // The browser stays at the show instead of jumping to the top.
    expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
    const show = page.locator('[data-event="ticketmaster:S24"]');
    await expect(show.locator('[data-fix-result]').textContent()).resolves.toContain('not on Spotify');
    const reason = await show.locator('details p').first().textContent();
    expect(reason).toContain('on the web');
    expect(reason).not.toContain('encore match set');
  });
});
