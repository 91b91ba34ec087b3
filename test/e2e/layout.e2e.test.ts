import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newRunReport, saveRunReport } from '../../src/store/job-runs.ts';
import { startWebHarness, type WebHarness } from '../web/web-harness.ts';
import { captureWidths, launchChromium, WIDTHS } from './browser.ts';

let h: WebHarness;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  h = await startWebHarness();
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: WIDTHS.desktop, height: 800 } });
  page.setDefaultTimeout(20_000);
  await page.goto(`${h.web.url}/login?as=demo-alice`);
  await page.waitForURL(`${h.web.url}/`);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await h?.stop();
});

/** Elements (by selector) whose box leaves the box of their closest `container` ancestor. */
async function escapees(selector: string, container: string): Promise<string[]> {
  return page.locator(selector).evaluateAll(
    (els, outer) =>
      els.flatMap((el) => {
        const box = el.getBoundingClientRect();
        const parent = el.closest(outer);
        if (!parent) return [`${el.tagName} has no ${outer}`];
        const p = parent.getBoundingClientRect();
        const inside =
          box.left >= p.left - 0.5 && box.right <= p.right + 0.5 && el.scrollWidth <= el.clientWidth + 1;
        return inside ? [] : [`${el.textContent?.trim().slice(0, 40)} (${box.width}px in ${p.width}px)`];
      }),
    container,
  );
}

async function atWidth(width: number) {
  await page.setViewportSize({ width, height: 800 });
  await page.waitForTimeout(350); // charts redraw on resize (debounced)
}

describe('layout at 360 and 1280 px in Chromium', { timeout: 120_000 }, () => {
  it('keeps KPI values inside their cards and draws the heatmap legend inside its card', async () => {
    await page.goto(`${h.web.url}/?range=all`);
    await page.waitForSelector('[data-charts-ready] [data-chart="heatmap"] svg');
    for (const width of Object.values(WIDTHS)) {
      await atWidth(width);
      expect({ width, out: await escapees('.kpi dd', '.kpi') }).toEqual({ width, out: [] });
      // Plot draws the colour legend as its own SVG next to the chart's.
      const svgs = page.locator('[data-chart="heatmap"] svg');
      expect(await svgs.count()).toBeGreaterThanOrEqual(2);
      const legendText = await page.locator('[data-chart="heatmap"] svg').first().textContent();
      expect(legendText).toMatch(/plays|minutes/);
      expect({ width, out: await escapees('[data-chart="heatmap"] svg', '.card') }).toEqual({
        width,
        out: [],
      });
    }
    const { overflowAt360 } = await captureWidths(page, 'layout-dashboard');
    expect(overflowAt360).toBeLessThanOrEqual(0);
  });

  it('shows the Status runs without sideways scrolling at 360 px', async () => {
    // A failed run with a long error, the row that used to push the table sideways.
    const run = newRunReport('listen-log', 'demo-alice', h.clock.now());
    run.outcome = 'failed';
    run.finishedAt = h.clock.now() + 1_000;
    run.summary = 'recently-played: 0 new plays, 0 tracks, 0 artists';
    run.errors = [
      'Spotify answered 503 Service Unavailable for /v1/me/player/recently-played; retrying later',
    ];
    await saveRunReport(h.db, run);
    await page.goto(`${h.web.url}/status`);
    await atWidth(WIDTHS.phone);
    for (const table of ['runs', 'jobs']) {
      const wrap = page.locator(`[data-table="${table}"]`).locator('xpath=..');
      const [scroll, client] = await wrap.evaluate((el) => [el.scrollWidth, el.clientWidth]);
      expect({ table, scroll }).toEqual({ table, scroll: client });
    }
    expect(await page.locator('[data-table="runs"] tbody tr').count()).toBeGreaterThan(0);
    await captureWidths(page, 'layout-status');
  });

  it('says which History columns are hidden at 360 px, and shows them at 1280 px', async () => {
    await page.goto(`${h.web.url}/history`);
    await atWidth(WIDTHS.phone);
    await expect(page.locator('[data-narrow-hint]').isVisible()).resolves.toBe(true);
    await expect(page.locator('[data-table="plays"] th', { hasText: 'Album' }).isVisible()).resolves.toBe(
      false,
    );
    await atWidth(WIDTHS.desktop);
    await expect(page.locator('[data-narrow-hint]').isVisible()).resolves.toBe(false);
    await expect(page.locator('[data-table="plays"] th', { hasText: 'Album' }).isVisible()).resolves.toBe(
      true,
    );
  });

  it('follows a dark system setting', async () => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(`${h.web.url}/?range=all`);
    const [bg, ink] = await page.evaluate(() => {
      const style = getComputedStyle(document.documentElement);
      return [style.backgroundColor, style.color];
    });
    const lum = (rgb: string) => (rgb.match(/\d+/g) ?? []).slice(0, 3).reduce((a, b) => a + Number(b), 0);
    expect(lum(bg)).toBeLessThan(120);
    expect(lum(ink)).toBeGreaterThan(600);
    await captureWidths(page, 'layout-dark-dashboard');
    await page.goto(`${h.web.url}/shows`);
    await captureWidths(page, 'layout-dark-shows');
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('says a History page past the end is past the end', async () => {
    await page.goto(`${h.web.url}/history?page=999`);
    const notice = page.locator('[data-past-end]');
    await expect(notice.evaluate((el) => el.textContent?.replace(/\s+/g, ' '))).resolves.toMatch(
      /Page 999 is past the end: there (is|are) only \d+ pages?/,
    );
    await notice.getByRole('link', { name: 'Go to the last page' }).click();
    expect(await page.locator('[data-table="plays"] tbody tr').count()).toBeGreaterThan(0);
  });

  it('refuses an unknown demo account instead of signing in as another one', async () => {
    const response = await page.goto(`${h.web.url}/login?as=unknown`);
    expect(response?.status()).toBe(400);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('No such demo account');
    expect(await page.locator('main').textContent()).toContain('demo-alice');
  });

  it('screenshots every page at 360 and 1280 px', async () => {
    for (const path of ['/', '/history', '/shows', '/playlists', '/review', '/status', '/signin']) {
      await page.goto(`${h.web.url}${path}`);
      const name = `page-${path.slice(1) || 'dashboard'}`;
      const { overflowAt360 } = await captureWidths(page, name);
      expect({ name, overflowAt360 }).toEqual({ name, overflowAt360: 0 });
    }
  });
});
