import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';

export const SCREENSHOT_DIR = join(process.cwd(), 'test-output', 'screenshots');

/** Debian's Chromium, headless, with nothing that reaches the network. */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

export const WIDTHS = { phone: 360, desktop: 1280 } as const;

/**
 * Screenshots of the page at phone and desktop widths (full page), and a check that
 * nothing is wider than the viewport — the layout must not break at 360 px.
 */
export async function captureWidths(page: Page, name: string): Promise<{ overflowAt360: number }> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  let overflowAt360 = 0;
  for (const [label, width] of Object.entries(WIDTHS)) {
    await page.setViewportSize({ width, height: 800 });
    await page.waitForTimeout(350); // charts redraw on resize (debounced)
    if (width === WIDTHS.phone) {
      overflowAt360 = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}-phone-top.png`) });
    }
    await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}-${label}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: WIDTHS.desktop, height: 800 });
  return { overflowAt360 };
}
