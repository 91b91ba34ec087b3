import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebHarness, type WebHarness } from '../web/web-harness.ts';
import { launchChromium } from './browser.ts';

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

const DAY = 86_400_000;
const daysBetween = (a: string, b: string) => Math.round((Date.parse(b) - Date.parse(a)) / DAY);

async function formState() {
  return {
    preset: await page.locator('select[name="range"]').inputValue(),
    from: await page.locator('input[name="from"]').inputValue(),
    to: await page.locator('input[name="to"]').inputValue(),
  };
}

/** Picks a preset in the form and presses Apply, as a person would. */
async function apply(preset: string) {
  await page.locator('select[name="range"]').selectOption(preset);
  await Promise.all([page.waitForURL(/range=/), page.getByRole('button', { name: 'Apply' }).click()]);
  await page.waitForLoadState('domcontentloaded');
}

describe('the dashboard range presets in Chromium', { timeout: 90_000 }, () => {
  it('applies every preset after another range was shown', async () => {
    await page.goto(`${h.web.url}/?range=30d`);
    const today = (await formState()).to;
    const first = await h.db.one<{ first: Date }>(
      "SELECT min(played_at) AS first FROM plays WHERE user_id = 'demo-alice'",
    );
    const firstPlayDay = first!.first.toISOString().slice(0, 10);
    // Start from custom dates so every preset must replace dates that are already in the form.
    await page.goto(`${h.web.url}/?range=custom&from=2020-01-01&to=2020-01-31`);
    const expectations: Array<[string, (s: { from: string; to: string }) => void]> = [
      ['7d', (s) => expect([s.to, daysBetween(s.from, s.to)]).toEqual([today, 6])],
      ['90d', (s) => expect([s.to, daysBetween(s.from, s.to)]).toEqual([today, 89])],
      ['365d', (s) => expect([s.to, daysBetween(s.from, s.to)]).toEqual([today, 364])],
      [
        'year',
        (s) => expect([s.from, s.to]).toEqual([`${today.slice(0, 4)}-01-01`, `${today.slice(0, 4)}-12-31`]),
      ],
      ['30d', (s) => expect([s.to, daysBetween(s.from, s.to)]).toEqual([today, 29])],
      [
        'all',
        (s) => {
          expect(s.to).toBe(today);
          // From the first stored play (its UTC day, give or take the account's zone).
          expect(Math.abs(daysBetween(firstPlayDay, s.from))).toBeLessThanOrEqual(1);
        },
      ],
    ];
    for (const [preset, check] of expectations) {
      await apply(preset);
      const state = await formState();
      expect({ preset, shown: state.preset }).toEqual({ preset, shown: preset });
      check(state);
      expect(new URL(page.url()).searchParams.get('range')).toBe(preset);
    }
  });

  it('still lets typed dates win: editing From makes the range custom', async () => {
    await page.goto(`${h.web.url}/?range=7d`);
    await page.locator('input[name="from"]').fill('2026-01-02');
    expect(await page.locator('select[name="range"]').inputValue()).toBe('custom');
    await Promise.all([page.waitForURL(/range=custom/), page.getByRole('button', { name: 'Apply' }).click()]);
    const state = await formState();
    expect([state.preset, state.from]).toEqual(['custom', '2026-01-02']);
  });

  it('treats typed dates as custom even when the select still names a preset (no script)', async () => {
    await page.goto(`${h.web.url}/?range=7d`);
    const shown = await formState();
    await page.goto(
      `${h.web.url}/?range=7d&from=2026-01-02&to=${shown.to}&shown_from=${shown.from}&shown_to=${shown.to}`,
    );
    expect((await formState()).preset).toBe('custom');
  });
});
