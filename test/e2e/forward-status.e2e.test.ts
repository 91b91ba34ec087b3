import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningListenBrainzSim, startListenBrainzSim } from '../../sim/listenbrainz/index.ts';
import { runForward } from '../../src/jobs/forward.ts';
import { createForwardRuntime } from '../../src/forward/runtime.ts';
import { disableTarget, saveTarget } from '../../src/forward/targets.ts';
import { silentLogger } from '../../src/util/logger.ts';
import { addPlays } from '../forward/world.ts';
import { startWebHarness, type WebHarness } from '../web/web-harness.ts';
import { captureWidths, launchChromium } from './browser.ts';

let h: WebHarness;
let lb: RunningListenBrainzSim;
let browser: Browser;
let page: Page;
let targetId: string;

beforeAll(async () => {
  let now = () => Date.now();
  lb = await startListenBrainzSim({ tokens: { 'e2e-lb-token': 'alice-lb' }, now: () => now() });
  h = await startWebHarness({ env: { LISTENBRAINZ_API_URL: lb.url } });
  now = () => h.clock.now();
  const runtime = createForwardRuntime({ config: h.config, clock: h.clock, logger: silentLogger });
  targetId = (
    await saveTarget(
      h.db,
      {
        userId: 'demo-alice',
        kind: 'listenbrainz',
        remoteUser: 'alice-lb',
        secretEnc: runtime.cipher.encrypt('e2e-lb-token'),
        sinceMs: h.clock.now() - 7 * 86_400_000,
      },
      h.clock.now(),
    )
  ).targetId;
  await addPlays(h.db, 'demo-alice', 3, { lastAtMs: h.clock.now() - 3_600_000 });
  await addPlays(h.db, 'demo-alice', 1, {
    prefix: 'Nameless',
    artist: null,
    lastAtMs: h.clock.now() - 60_000,
  });
  await runForward({ db: h.db, clock: h.clock, logger: silentLogger, runtime });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.setDefaultTimeout(20_000);
  await page.goto(`${h.web.url}/login?as=demo-alice`);
  await page.waitForURL(`${h.web.url}/`);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await h?.stop();
  await lb?.close();
});

describe('forwarding on the Status page in Chromium', { timeout: 90_000 }, () => {
  it('lists the dead letter and delivers it with the retry button once the play is fixed', async () => {
    await page.goto(`${h.web.url}/status`);
    const card = page.locator('[data-forward-target="listenbrainz"]');
    expect(await card.locator('[data-delivered]').getAttribute('data-delivered')).toBe('3');
    expect(await card.locator('[data-dead-letters]').getAttribute('data-dead-letters')).toBe('1');
    const row = card.locator('table[data-table="dead-letters-listenbrainz"] tbody tr');
    await expect(row.textContent()).resolves.toContain('no artist or track name to send');
    expect((await captureWidths(page, 'status-forward')).overflowAt360).toBeLessThanOrEqual(0);
    // The history gets the artist (e.g. after `encore resolve`); now the retry can succeed.
    await h.db.run("UPDATE plays SET artist_name = 'Found Artist' WHERE track_name = 'Nameless 0'");
    await card.locator('button[data-retry="listenbrainz"]').click();
    await page.waitForURL(/retried=1/);
    await expect(page.locator('[data-forward-notice]').textContent()).resolves.toContain(
      'Retried 1 dead letter(s): 1 delivered, 0 still refused.',
    );
    // Signing in backfilled Spotify plays too: the run behind the button sent them with it.
    const sent = lb.state.received.map((l) => l.track);
    expect(sent.slice(0, 3)).toEqual(['Song 0', 'Song 1', 'Song 2']);
    expect(sent.filter((t) => t === 'Nameless 0')).toHaveLength(1);
    expect(await card.locator('[data-delivered]').getAttribute('data-delivered')).toBe(String(sent.length));
    expect(await card.locator('[data-dead-letters]').getAttribute('data-dead-letters')).toBe('0');
    expect(await card.locator('table[data-table="dead-letters-listenbrainz"]').count()).toBe(0);
    expect(lb.state.duplicates).toBe(0);
  });

  it('refuses a retry without the CSRF token, and shows a disabled target with how to fix it', async () => {
    const res = await page.request.post(`${h.web.url}/status/forward/${targetId}/retry`, { form: {} });
    expect(res.status()).toBe(403);
    await disableTarget(
      h.db,
      targetId,
      'ListenBrainz refused the token (401): it was reset or revoked.',
      h.clock.now(),
    );
    await page.goto(`${h.web.url}/status`);
    await expect(page.locator('[data-forward-disabled]').textContent()).resolves.toMatch(
      /refused the token \(401\)[\s\S]*encore forward add listenbrainz/,
    );
  });
});
