import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { captureUser } from '../../src/jobs/capture/capture.ts';
import { newRunReport } from '../../src/jobs/job-runs.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CookieClient, startWebHarness, type WebHarness } from '../web/web-harness.ts';
import { captureWidths, launchChromium } from './browser.ts';

let h: WebHarness;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  h = await startWebHarness();
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.setDefaultTimeout(10_000);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await h?.stop();
});

async function numberAt(selector: string): Promise<number> {
  return Number(await page.locator(selector).first().getAttribute('data-value'));
}

describe('the web app in Chromium', () => {
  it('signs in with the (simulated) Spotify flow and lands on the dashboard', async () => {
    await page.goto(`${h.web.url}/`);
    expect(page.url()).toContain('/signin');
    await captureWidths(page, 'signin');
    await page.getByRole('link', { name: 'Sign in as Alice (demo)' }).click();
    await page.waitForURL(`${h.web.url}/`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Dashboard');
    expect(await page.locator('.demo').textContent()).toContain('Demo data');
  });

  it('shows dashboard numbers equal to the database', async () => {
    // Two more simulated days of listening, captured as the scheduler would.
    for (let i = 0; i < 16; i++) {
      h.clock.advance(3 * 3600_000);
      await captureUser(
        { db: h.db, spotify: h.services.spotify.client, clock: h.clock, logger: h.logger },
        'demo-alice',
        h.captureOptions,
        newRunReport('listen-log', 'demo-alice', h.clock.now()),
      );
    }
    await page.goto(`${h.web.url}/?range=all&metric=plays`);
    await page.waitForSelector('[data-charts-ready] [data-chart="timeline"] svg');
    const db = await h.db.one<{ plays: number; minutes: number; artists: number }>(
      `SELECT count(*) AS plays, round(sum(ms_played) / 60000.0, 1) AS minutes, count(DISTINCT artist_name) AS artists
       FROM plays WHERE user_id = 'demo-alice' AND ms_played >= 30000`,
    );
    expect(db!.plays).toBeGreaterThan(0);
    expect(await numberAt('[data-kpi="plays"]')).toBe(db!.plays);
    expect(await numberAt('[data-kpi="minutes"]')).toBeCloseTo(db!.minutes, 0);
    // The chart's data (its table) adds up to the same total.
    const perPeriod = await page
      .locator('[data-table="over-time"] tr[data-plays]')
      .evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-plays'))));
    expect(perPeriod.reduce((a, b) => a + b, 0)).toBe(db!.plays);
    const heat = await page
      .locator('[data-table="heatmap"] td[data-plays]')
      .evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-plays'))));
    expect(heat).toHaveLength(7 * 24);
    expect(heat.reduce((a, b) => a + b, 0)).toBe(db!.plays);
    // The top artist is the database's most played artist.
    const top = await h.db.one<{ artist_name: string; n: number }>(
      `SELECT artist_name, count(*) AS n FROM plays WHERE user_id = 'demo-alice' AND ms_played >= 30000
       GROUP BY 1 ORDER BY n DESC, artist_name LIMIT 1`,
    );
    const first = page.locator('[data-top="artists"] li').first();
    expect(Number(await first.getAttribute('data-plays'))).toBe(top!.n);
    const { overflowAt360 } = await captureWidths(page, 'dashboard');
    expect(overflowAt360).toBeLessThanOrEqual(0);
  });

  it('shows the status page of the signed-in account only', async () => {
    await page.goto(`${h.web.url}/status`);
    expect(await page.locator('[data-plays-stored]').getAttribute('data-plays-stored')).toBe(
      String(
        (await h.db.one<{ n: number }>("SELECT count(*) AS n FROM plays WHERE user_id = 'demo-alice'"))!.n,
      ),
    );
    const { overflowAt360 } = await captureWidths(page, 'status');
    expect(overflowAt360).toBeLessThanOrEqual(0);
  });

  it('finds a play by searching the history', async () => {
    const play = await h.db.one<{ track_name: string; played_at: Date }>(
      `SELECT track_name, played_at FROM plays WHERE user_id = 'demo-alice' ORDER BY played_at LIMIT 1`,
    );
    await page.goto(`${h.web.url}/history`);
    const total = Number(await page.locator('[data-total]').getAttribute('data-total'));
    expect(total).toBe(
      (await h.db.one<{ n: number }>("SELECT count(*) AS n FROM plays WHERE user_id = 'demo-alice'"))!.n,
    );
    await captureWidths(page, 'history');
    await page.getByLabel('Track, artist or album').fill(play!.track_name);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/\/history\?q=/);
    const row = page.locator(`[data-table="plays"] tr[data-played-at="${play!.played_at.toISOString()}"]`);
    await expect(row.textContent()).resolves.toContain(play!.track_name);
    const names = await page.locator('[data-table="plays"] tbody tr td:nth-child(2)').allTextContents();
    expect(names.length).toBeGreaterThan(0);
    const { overflowAt360 } = await captureWidths(page, 'history-search');
    expect(overflowAt360).toBeLessThanOrEqual(0);
  });

  it('shows a year in review that matches the database and downloads as one HTML file', async () => {
    await page.goto(`${h.web.url}/review`);
    const card = page.locator('[data-review-minutes]');
    // Every simulated play of this test falls in this year (Oct/Nov 2026).
    const db = await h.db.one<{ plays: number; minutes: number }>(
      `SELECT count(*) AS plays, sum(ms_played) / 60000.0 AS minutes FROM plays
       WHERE user_id = 'demo-alice' AND ms_played >= 30000`,
    );
    expect(Number(await card.getAttribute('data-review-plays'))).toBe(db!.plays);
    expect(Number(await card.getAttribute('data-review-minutes'))).toBeCloseTo(db!.minutes, 0);
    const { overflowAt360 } = await captureWidths(page, 'review');
    expect(overflowAt360).toBeLessThanOrEqual(0);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download as HTML' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^encore-\d{4}-review\.html$/);
    const file = readFileSync((await download.path())!, 'utf8');
    expect(file).toContain('<svg');
    expect(file).toContain('<style>');
    expect(file).not.toContain('<script');
    expect(file).not.toMatch(/(href|src)="\//); // nothing that needs the server
  });

  it('is keyboard-usable: the skip link is the first tab stop and moves focus to the content', async () => {
    await page.goto(`${h.web.url}/status`);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
  });

  it('keeps other browsers signed out', async () => {
    const stranger = new CookieClient(h.web.url);
    expect((await stranger.fetch('/')).status).toBe(302);
  });
});
