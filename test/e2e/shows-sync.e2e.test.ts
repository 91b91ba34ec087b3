import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLinkedWorld } from '../../sim/concerts/spotify-world.ts';
import { type RunningTicketmasterSim, startTicketmasterSim } from '../../sim/ticketmaster/index.ts';
import { createTicketmasterSource } from '../../src/events/ticketmaster.ts';
import { captureUser } from '../../src/capture/capture-user.ts';
import { newRunReport } from '../../src/store/job-runs.ts';
import { runShowsSync } from '../../src/jobs/shows-sync.ts';
import { listShows } from '../../src/shows/list-shows.ts';
import { savePlace } from '../../src/store/places.ts';
import { BUFFALO } from '../playlists/fixtures.ts';
import { startWebHarness, type WebHarness } from '../web/web-harness.ts';
import { captureWidths, launchChromium } from './browser.ts';

const START = Date.UTC(2026, 10, 2, 12);
const DAY = 86_400_000;
const USER = 'demo-alice';

let h: WebHarness;
let tm: RunningTicketmasterSim;
let browser: Browser;
let page: Page;

/** The simulator's tracks that credit this artist first. */
const ownTracks = (artistId: string) =>
  h.sim.state.catalog.tracksByArtist(artistId).filter((t) => t.artistIds[0] === artistId);

/**
 * The whole chain with nothing inserted by hand: the concert world behind the
 * Ticketmaster simulator, the shows-sync job (events → matches → picks) against it and
 * the Spotify simulator, a play captured from the simulator, and the page in Chromium.
 */
beforeAll(async () => {
  const linked = createLinkedWorld({
    world: { seed: 11, start: START, eventCount: 60, days: 60 },
    spotifySeed: 11,
  });
  h = await startWebHarness({
    start: START,
    sim: { seed: 11, catalog: linked.catalog, tier: 'development', timeline: { days: 3 } },
  });
  tm = await startTicketmasterSim({ world: linked.world, now: () => h.clock.now(), spikeLimitPerSecond: 0 });
  await savePlace(h.db, BUFFALO, new Date(START));
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.setDefaultTimeout(20_000);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await tm?.close();
  await h?.stop();
});

/** A real shows sync of the next 90 days against the Ticketmaster simulator. */
function syncFromTicketmaster() {
  const counter = h.services.spotify.counter;
  const source = createTicketmasterSource({
    apiKey: 'sim-ticketmaster-key',
    baseUrl: tm.url,
    retryDelayMs: 10,
    clock: h.clock,
    logger: h.logger,
    counter,
  });
  return runShowsSync(
    {
      db: h.db,
      clock: h.clock,
      logger: h.logger,
      sources: [source],
      spotify: h.services.spotify.client,
      userId: USER,
      setlistfm: null,
      counters: [counter],
    },
    { window: { from: new Date(h.clock.now()), to: new Date(h.clock.now() + 90 * DAY) } },
  );
}

describe('shows from a real sync, in Chromium', { timeout: 120_000 }, () => {
  it("lists a synced show with a badge equal to the account's captured plays of its artist", async () => {
    await page.goto(`${h.web.url}/signin`);
    await page.getByRole('link', { name: 'Sign in as Alice (demo)' }).click();
    await page.waitForURL(`${h.web.url}/`);

    const sync = await syncFromTicketmaster();
    expect(['ok', 'partial']).toContain(sync.report.outcome);

    // A matched headliner of the first upcoming show; Alice listens to one of its tracks
    // on (simulated) Spotify and encore captures it.
    const listings = await listShows(h.db, {
      from: new Date(h.clock.now()),
      placeId: BUFFALO.id,
      userId: USER,
    });
    const target = listings
      .flatMap((l) => l.performers.flatMap((p) => p.artists.map((a) => ({ l, a }))))
      .find(({ a }) => a.match?.artistId && ownTracks(a.match.artistId).length > 0)!;
    expect(target).toBeDefined();
    const artistId = target.a.match!.artistId!;
    // A track of its own (first credited), so each listen is a stream of this artist.
    const track = ownTracks(artistId)[0]!;
    for (let i = 0; i < 2; i++) {
      h.clock.advance(10 * 60_000);
      h.sim.state.addPlay(USER, { trackId: track.id, endedAt: h.clock.now() - 60_000, msPlayed: 120_000 });
    }
    await captureUser(
      { db: h.db, spotify: h.services.spotify.client, clock: h.clock, logger: h.logger },
      USER,
      h.captureOptions,
      newRunReport('listen-log', USER, h.clock.now()),
    );
    // The badge counts streams (plays of 30 s or more) credited to the primary artist.
    const expected = await h.db.one<{ n: number }>(
      `SELECT count(*) AS n FROM plays p JOIN track_artists ta ON ta.track_id = p.track_id AND ta.position = 0
       LEFT JOIN tracks t ON t.track_id = p.track_id
       WHERE p.user_id = ? AND ta.artist_id = ? AND coalesce(p.ms_played, t.duration_ms, 30000) >= 30000`,
      [USER, artistId],
    );
    expect(expected!.n).toBeGreaterThanOrEqual(2);

    await page.goto(`${h.web.url}/shows`);
    const show = page.locator(`[data-event="${target.l.event.key}"]`);
    await expect(show.textContent()).resolves.toContain(target.l.event.name);
    const badge = show.locator(`[data-artist-key="${target.a.key}"] .badge[data-plays]`);
    expect(Number(await badge.getAttribute('data-plays'))).toBe(expected!.n);
    expect(await show.getAttribute('data-known')).toBe('true');
    // Every listed show of the place is on the page.
    expect(await page.locator(`[data-place="${BUFFALO.id}"] [data-event]`).count()).toBe(
      Math.min(listings.length, 150),
    );
    // The explanation is the matcher's own words.
    const details = show.locator(`[data-artist-key="${target.a.key}"] details`);
    await details.locator('summary').click();
    const reason = await h.db.one<{ reason: string }>(
      'SELECT reason FROM artist_matches WHERE performer_key = ?',
      [target.a.key],
    );
    await expect(details.textContent()).resolves.toContain(reason!.reason);
    const { overflowAt360 } = await captureWidths(page, 'shows-synced');
    expect(overflowAt360).toBeLessThanOrEqual(0);
  });
});
