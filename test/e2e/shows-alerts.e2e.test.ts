import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAlerts } from '../../src/alerts/run-alerts.ts';
import { saveThreshold } from '../../src/alerts/thresholds.ts';
import { addCreditedPlays, addMatch, addShows } from '../playlists/fixtures.ts';
import { CookieClient, startWebHarness, type WebHarness } from '../web/web-harness.ts';
import { launchChromium } from './browser.ts';
import { shotsAt } from './shots.ts';

const USER = 'demo-alice';
const LOVED = { id: 'L0000000000000000000001', name: 'Lovedband' };

let h: WebHarness;
let browser: Browser;
let page: Page;

const alertsRun = () =>
  runAlerts({
    db: h.db,
    logger: h.logger,
    now: new Date(h.clock.now()),
    defaults: { minPlays: 10, minMinutes: null },
    webhook: null,
  });

beforeAll(async () => {
  h = await startWebHarness();
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.setDefaultTimeout(20_000);
  await page.goto(`${h.web.url}/login?as=${USER}`);
  await page.waitForURL(`${h.web.url}/`);
  await addShows(
    h.db,
    [
      { id: 'N1', date: '2026-11-21', bill: [LOVED.name, 'Opener'] },
      { id: 'N2', date: '2026-11-22', bill: ['Barely Known'] },
    ],
    h.clock.now(),
  );
  await addMatch(h.db, LOVED.name, LOVED);
  await addMatch(h.db, 'Barely Known', { id: 'B0000000000000000000001', name: 'Barely Known' });
  await addCreditedPlays(h.db, USER, { id: 'Lt000000000000000000001', name: 'Hit' }, LOVED, 12);
  await addCreditedPlays(
    h.db,
    USER,
    { id: 'Bt000000000000000000001', name: 'Once' },
    { id: 'B0000000000000000000001', name: 'Barely Known' },
    2,
  );
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await h?.stop();
});

describe('"New for you" on the Shows page, in Chromium', { timeout: 120_000 }, () => {
  it('shows an alert of the alerts run with its why, dismisses it for good', async () => {
    await page.goto(`${h.web.url}/shows`);
    expect(await page.locator('[data-alerts]').count()).toBe(0);
    const report = await alertsRun();
    expect(report.sent).toBe(1);

    await page.goto(`${h.web.url}/shows`);
    const item = page.locator('[data-alert="ticketmaster:N1"]');
    const text = (await item.textContent())!.replace(/\s+/g, ' ');
    expect(text).toContain(LOVED.name);
    expect(text).toContain('Show N1');
    expect(text).toContain('2026-11-21');
    expect(text).toContain('Town Ballroom, Buffalo');
    expect(text).toContain('< 1 mi from Buffalo, NY');
    expect(text).toContain(`${LOVED.name} 12 streams / 40 min`);
    expect(text).toContain('your threshold is at least 10 streams');
    expect(await page.locator('[data-alert]').count()).toBe(1); // Barely Known: 2 streams, under 10
    // No threshold of her own: one line says how to set one.
    await expect(page.locator('[data-alerts-hint="default"]').textContent()).resolves.toContain(
      'encore alerts set --plays',
    );
    await shotsAt(page, 'shows-alerts');

    await item.getByRole('button', { name: /Dismiss/ }).click();
    await page.waitForURL(/dismissed=1/);
    expect(await page.locator('[data-alert]').count()).toBe(0);
    await expect(page.locator('[data-dismissed]').textContent()).resolves.toMatch(/will not\s+come back/);
    await page.reload();
    expect(await page.locator('[data-alert]').count()).toBe(0);
    const row = await h.db.one<{ dismissed: boolean }>(
      "SELECT dismissed_at IS NOT NULL AS dismissed FROM alerts_sent WHERE user_id = ? AND event_key = 'ticketmaster:N1'",
      [USER],
    );
    expect(row?.dismissed).toBe(true);
    // The next sync's alerts run does not bring it back.
    expect((await alertsRun()).found).toBe(0);
    await page.goto(`${h.web.url}/shows`);
    expect(await page.locator('[data-alert]').count()).toBe(0);
  });

  it('refuses a dismiss without the CSRF token, and a form that names nothing', async () => {
    const client = new CookieClient(h.web.url);
    await client.signIn(USER);
    const bare = await client.fetch('/shows/alerts/dismiss', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'event=ticketmaster%3AN1',
    });
    expect(bare.status).toBe(403);
    const token = await client.csrfToken('/shows');
    const empty = await client.fetch('/shows/alerts/dismiss', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `_csrf=${encodeURIComponent(token)}`,
    });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain('did not say which alert');
  });

  it('says in one line how to turn alerts on when they are off', async () => {
    await saveThreshold(h.db, USER, { minPlays: null, minMinutes: null }, new Date(h.clock.now()));
    await page.goto(`${h.web.url}/shows`);
    await expect(page.locator('[data-alerts-hint="off"]').textContent()).resolves.toContain(
      'encore alerts set --plays 25',
    );
  });
});
