import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatCount } from '../../src/util/numbers.ts';
import { startWebHarness, type WebHarness } from '../web/web-harness.ts';
import { captureWidths, launchChromium } from './browser.ts';

let h: WebHarness;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  h = await startWebHarness();
  // Over a thousand plays, so that the Status page must group the count.
  await h.db.run(
    `INSERT INTO plays (user_id, track_key, played_at, track_name, artist_name, ms_played, source)
     SELECT 'demo-alice', 'name:bulk ' || i, TIMESTAMPTZ '2026-01-01 00:00:00+00' + i * INTERVAL 1 HOUR,
            'Bulk ' || i, 'Bulk Artist', 180000, 'export_extended' FROM range(1234) t(i)`,
  );
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
  page.setDefaultTimeout(30_000);
  await page.goto(`${h.web.url}/login?as=demo-alice`);
  await page.waitForURL(`${h.web.url}/`);
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await h?.stop();
});

describe('the Status page: grouped counts and Download backup, in Chromium', { timeout: 120_000 }, () => {
  it('shows plays stored with a thousands separator', async () => {
    await page.goto(`${h.web.url}/status`);
    const stored = (await h.db.one<{ n: number }>(
      "SELECT count(*) AS n FROM plays WHERE user_id = 'demo-alice'",
    ))!.n;
    expect(stored).toBeGreaterThan(999);
    expect((await page.locator('[data-plays-stored]').innerText()).trim()).toBe(formatCount(stored));
    const { overflowAt360 } = await captureWidths(page, 'status-backup');
    expect(overflowAt360).toBeLessThanOrEqual(0);
  });

  it('downloads a backup of the running database with its manifest', async () => {
    await page.goto(`${h.web.url}/status`);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download backup' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^encore-backup-\d{8}-\d{6}\.tar\.gz$/);
    const dir = mkdtempSync(join(tmpdir(), 'encore-e2e-backup-'));
    const file = join(dir, download.suggestedFilename());
    await download.saveAs(file);
    expect(spawnSync('tar', ['-xzf', file, '-C', dir]).status).toBe(0);
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    const plays = (await h.db.one<{ n: number }>('SELECT count(*) AS n FROM plays'))!.n;
    expect(manifest).toMatchObject({ format: 'encore-backup', plays });
    expect(manifest.files.map((f: { name: string }) => f.name)).toContain('database.duckdb');
  });

  it('refuses the download without the page’s CSRF token', async () => {
    const status = await page.evaluate(
      async () => (await fetch('/status/backup', { method: 'POST' })).status,
    );
    expect(status).toBe(403);
  });
});
