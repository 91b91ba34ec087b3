import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { captureWidths, SCREENSHOT_DIR } from './browser.ts';

/** Where this task's screenshots are looked at (360 px and 1280 px). */
export const SHOTS_DIR = '/tmp/shots-webshows';

/** Screenshots at 360 and 1280 px (nothing wider than the phone), copied to SHOTS_DIR. */
export async function shotsAt(page: Page, name: string): Promise<void> {
  const { overflowAt360 } = await captureWidths(page, name);
  expect(overflowAt360).toBeLessThanOrEqual(0);
  mkdirSync(SHOTS_DIR, { recursive: true });
  for (const width of ['phone', 'desktop'])
    copyFileSync(join(SCREENSHOT_DIR, `${name}-${width}.png`), join(SHOTS_DIR, `${name}-${width}.png`));
}
