import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureUser } from '../../src/capture/capture-user.ts';
import { newRunReport } from '../../src/store/job-runs.ts';
import { startWebHarness, type WebHarness } from '../web/web-harness.ts';
import { launchChromium, WIDTHS } from './browser.ts';

const SHOTS = '/tmp/shots-review';
let h: WebHarness;
let browser: Browser;
let page: Page;

/** Simulated listening captured as the scheduler would, then copied back into earlier months. */
async function listeningAcrossTheYear(): Promise<void> {
  for (let i = 0; i < 8; i++) {
    h.clock.advance(3 * 3600_000);
    await captureUser(
      { db: h.db, spotify: h.services.spotify.client, clock: h.clock, logger: h.logger },
      'demo-alice',
      h.captureOptions,
      newRunReport('listen-log', 'demo-alice', h.clock.now()),
    );
  }
  // The same plays (catalog tracks, with their album covers) shifted 2, 5 and 7 months back.
  for (const [months, every] of [
    [2, 1],
    [5, 2],
    [7, 3],
  ] as const)
    await h.db.run(
      `INSERT INTO plays (user_id, track_key, played_at, track_id, kind, track_name, artist_name, album_name, ms_played, source)
       SELECT user_id, track_key, played_at - INTERVAL ${months} MONTH, track_id, kind, track_name, artist_name, album_name, ms_played, source
       FROM (SELECT *, row_number() OVER (ORDER BY played_at) AS n FROM plays WHERE user_id = 'demo-alice'
             AND played_at >= '2026-10-01' AND year(played_at - INTERVAL ${months} MONTH) = 2026)
       WHERE n % ${every} = 0 ON CONFLICT DO NOTHING`,
    );
}

async function shoot(name: string): Promise<number> {
  mkdirSync(SHOTS, { recursive: true });
  let overflow = 0;
  for (const [label, width] of Object.entries(WIDTHS)) {
    await page.setViewportSize({ width, height: 900 });
    await page.waitForTimeout(200);
    if (width === WIDTHS.phone) {
      overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      await page.screenshot({ path: join(SHOTS, `${name}-phone-top.png`) });
      for (const part of await page.locator('.yir-cols').all())
        await part.screenshot({
          path: join(
            SHOTS,
            `${name}-phone-part${await part.evaluate((el) => [...el.parentElement!.children].indexOf(el))}.png`,
          ),
        });
    }
    await page.screenshot({ path: join(SHOTS, `${name}-${label}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: WIDTHS.desktop, height: 900 });
  return overflow;
}

beforeAll(async () => {
  h = await startWebHarness();
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: WIDTHS.desktop, height: 900 } });
  page.setDefaultTimeout(20_000);
  await page.goto(`${h.web.url}/login?as=demo-alice`);
  await page.waitForURL(`${h.web.url}/`);
  await listeningAcrossTheYear();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await h?.stop();
});

describe('year in review in Chromium', { timeout: 120_000 }, () => {
  it('shows months by name, the clock, covers and the same figures as the database', async () => {
    await page.goto(`${h.web.url}/review?year=2026`);
    const perMonth = await h.db.all<{ m: string; minutes: number }>(
      `SELECT strftime(played_at AT TIME ZONE 'UTC', '%Y-%m') AS m, round(sum(ms_played) / 60000.0, 1) AS minutes
       FROM plays WHERE user_id = 'demo-alice' AND ms_played >= 30000 GROUP BY 1 ORDER BY 1`,
    );
    expect(perMonth.length).toBeGreaterThanOrEqual(4);
    const bars = await page
      .locator('[data-chart="months"] g[data-month]')
      .evaluateAll((gs) =>
        gs.map((g) => [g.getAttribute('data-month'), Number(g.getAttribute('data-minutes'))]),
      );
    expect(bars).toHaveLength(12);
    for (const { m, minutes } of perMonth)
      expect(bars.find(([month]) => month === m)?.[1]).toBeCloseTo(minutes, 0);
    const labels = await page.locator('[data-chart="months"] text').allTextContents();
    expect(labels).toContain('Mar');
    const best = perMonth.reduce((a, b) => (b.minutes > a.minutes ? b : a));
    const monthWord = new Date(`${best.m}-15T00:00:00Z`).toLocaleString('en-US', {
      month: 'long',
      timeZone: 'UTC',
    });
    expect(await page.locator('[data-fact="top-month"] dd').textContent()).toContain(monthWord);
    expect(await page.locator('[data-chart="clock"] g[data-hour]').count()).toBe(24);

    // Cover art: the stored album images of the simulator's track objects, loaded for real.
    const covers = page.locator('[data-top="tracks"] img');
    expect(await covers.count()).toBeGreaterThan(0);
    const src = await covers.first().getAttribute('src');
    const stored = await h.db.all<{ image_url: string }>(
      'SELECT image_url FROM albums WHERE image_url IS NOT NULL',
    );
    expect(stored.map((r) => r.image_url)).toContain(src);
    await page.waitForFunction(() =>
      [...document.querySelectorAll<HTMLImageElement>('[data-top="tracks"] img')].every(
        (img) => img.complete && img.naturalWidth > 0,
      ),
    );
    expect(await page.locator('[data-total]').textContent()).toMatch(/^\d[\d,]*\sh(\s\d+\smin)?$/);

    const overflow = await shoot('review');
    expect(overflow).toBeLessThanOrEqual(0);

    // A dark system setting: the review's cards follow it like the rest of the app.
    await page.emulateMedia({ colorScheme: 'dark' });
    const card = () =>
      page
        .locator('.yir-card')
        .first()
        .evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(await card()).toBe('rgb(27, 28, 32)');
    await shoot('review-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    expect(await card()).toBe('rgb(255, 255, 255)');
  });

  it('shares the year: Share, then the link opens read-only in a fresh browser without a session', async () => {
    await page.goto(`${h.web.url}/review?year=2026`);
    await page.getByRole('button', { name: 'Share 2026' }).click();
    const url = await page.locator('[data-share-url]').inputValue();
    expect(url).toMatch(new RegExp(`^${h.web.url}/share/[A-Za-z0-9_-]{43}$`));
    await shoot('review-shared');
    const plays = await page.locator('[data-review-minutes]').getAttribute('data-review-plays');

    const stranger = await browser.newContext({ viewport: { width: WIDTHS.phone, height: 900 } });
    try {
      expect(await stranger.cookies()).toEqual([]);
      const shared = await stranger.newPage();
      const res = await shared.goto(url);
      expect(res?.status()).toBe(200);
      expect(await shared.locator('[data-review-minutes]').getAttribute('data-review-plays')).toBe(plays);
      expect(await shared.locator('h1').first().textContent()).toBe('Alice (demo) · 2026 in review');
      expect(await shared.locator('nav, form, a[href^="/"], script').count()).toBe(0);
      expect(await shared.locator('meta[name="robots"]').getAttribute('content')).toBe('noindex, nofollow');
      expect(await shared.content()).not.toContain('demo-alice');
      mkdirSync(SHOTS, { recursive: true });
      await shared.screenshot({ path: join(SHOTS, 'share-page-phone-360.png'), fullPage: true });
      await shared.setViewportSize({ width: WIDTHS.desktop, height: 900 });
      await shared.screenshot({ path: join(SHOTS, 'share-page-desktop-1280.png'), fullPage: true });

      // Revoked from the list on the review page: the stranger now gets the plain 404.
      const row = page.locator('[data-table="share-links"] tr[data-revoked="false"]').last();
      await row.getByRole('button', { name: /^Revoke/ }).click();
      await page.waitForURL(`${h.web.url}/review?year=2026`);
      expect(await page.locator('[data-table="share-links"] tr[data-revoked="false"]').count()).toBe(0);
      const gone = await shared.goto(url);
      expect(gone?.status()).toBe(404);
      expect(await shared.textContent('body')).toContain('This link does not exist or has been revoked.');
    } finally {
      await stranger.close();
    }
  });
});
