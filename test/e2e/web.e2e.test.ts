import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { captureUser } from '../../src/capture/capture-user.ts';
import { newRunReport } from '../../src/store/job-runs.ts';
import { buildPlaylistTracks, parseDefinition } from '../../src/playlists/index.ts';
import { addMatch, addPicks, addShows } from '../playlists/fixtures.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CookieClient, startWebHarness, type WebHarness } from '../web/web-harness.ts';
import { captureWidths, launchChromium } from './browser.ts';

let h: WebHarness;
let browser: Browser;
let page: Page;
interface Artist {
  id: string;
  name: string;
}
let others: Artist[] = [];
const tracksOf = (artistId: string) =>
  h.sim.state.catalog
    .tracksByArtist(artistId)
    .slice(0, 3)
    .map((t) => ({ id: t.id, name: t.name }));

beforeAll(async () => {
  h = await startWebHarness();
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.setDefaultTimeout(20_000);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await h?.stop();
});

async function numberAt(selector: string): Promise<number> {
  return Number(await page.locator(selector).first().getAttribute('data-value'));
}

describe('the web app in Chromium', { timeout: 90_000 }, () => {
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
    // Paging: the next page holds the next 50 plays, none of the first page's.
    const firstPage = await page
      .locator('[data-table="plays"] tbody tr')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-played-at')));
    await page.getByRole('link', { name: /Older/ }).click();
    await page.waitForURL(/page=2/);
    const secondPage = await page
      .locator('[data-table="plays"] tbody tr')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-played-at')));
    expect(firstPage).toHaveLength(50);
    expect(secondPage.length).toBe(Math.min(50, total - 50));
    expect(secondPage.some((t) => firstPage.includes(t))).toBe(false);
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

  it("lists a simulated show with the badge of the account's plays, explains and corrects a match", async () => {
    // Alice's most streamed artist: plays of 30 s or more, credited to the primary artist.
    const known = await h.db.one<{ artist_id: string; name: string; n: number }>(
      `SELECT ta.artist_id, a.name, count(*) AS n FROM plays p
       JOIN track_artists ta ON ta.track_id = p.track_id AND ta.position = 0
       JOIN artists a ON a.artist_id = ta.artist_id LEFT JOIN tracks t ON t.track_id = p.track_id
       WHERE p.user_id = 'demo-alice' AND coalesce(p.ms_played, t.duration_ms, 30000) >= 30000
       GROUP BY 1, 2 ORDER BY n DESC, 1 LIMIT 1`,
    );
    const played = new Set(
      (
        await h.db.all<{ artist_id: string }>(
          `SELECT DISTINCT ta.artist_id FROM plays p JOIN track_artists ta ON ta.track_id = p.track_id
           WHERE p.user_id = 'demo-alice'`,
        )
      ).map((r) => r.artist_id),
    );
    const fresh = h.sim.state.catalog.artists.filter(
      (a) => !played.has(a.id) && h.sim.state.catalog.tracksByArtist(a.id).length >= 3,
    );
    others = fresh.slice(0, 3).map((a) => ({ id: a.id, name: a.name }));
    const [b, c] = others as [Artist, Artist];
    const k = { id: known!.artist_id, name: known!.name };
    await addShows(
      h.db,
      [
        { id: 'W1', date: '2026-11-20', bill: [k.name, b.name] },
        { id: 'W2', date: '2026-12-05', venue: 'Asbury Hall', bill: [c.name] },
      ],
      h.clock.now(),
    );
    for (const a of [k, b, c]) {
      await addMatch(h.db, a.name, a);
      await addPicks(h.db, a.id, tracksOf(a.id));
    }
    await page.goto(`${h.web.url}/shows`);
    const show = page.locator('[data-event="ticketmaster:W1"]');
    await expect(show.locator('[data-performer]').first().textContent()).resolves.toContain(k.name);
    const badge = show.locator('.badge[data-plays]');
    expect(Number(await badge.getAttribute('data-plays'))).toBe(known!.n);
    expect(await badge.getAttribute('title')).toContain('streams = plays of 30 s or more');
    // One number for one thing: the dashboard's All time entry of the artist says the same.
    await page.goto(`${h.web.url}/?range=all`);
    const entry = page.locator(`[data-top="artists"] li[data-name="${k.name}"]`);
    expect(Number(await entry.getAttribute('data-plays'))).toBe(known!.n);
    await expect(page.locator('main').textContent()).resolves.toContain('streams = plays of 30 s or more');
    await page.goto(`${h.web.url}/shows`);
    expect(await show.getAttribute('data-known')).toBe('true');
    expect(await page.locator('[data-event="ticketmaster:W2"]').getAttribute('data-known')).toBe('false');
    const { overflowAt360 } = await captureWidths(page, 'shows');
    expect(overflowAt360).toBeLessThanOrEqual(0);

    // Only artists I know: the unknown show drops out.
    await page.getByLabel('Only artists I know').check();
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/known=1/);
    expect(await page.locator('[data-event]').count()).toBe(1);

    // Open the explanation of C's match and correct it to "not on Spotify".
    await page.goto(`${h.web.url}/shows`);
    const cLine = page.locator('[data-event="ticketmaster:W2"] [data-artist-key]');
    await cLine.locator('summary').click();
    expect(await cLine.locator('details').textContent()).toContain('fixture');
    await cLine.getByLabel(/Correct it/).selectOption('none');
    await cLine.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/fix_ok=1/);
    const row = await h.db.one<{ artist_id: string | null; manual: boolean }>(
      'SELECT artist_id, manual FROM artist_matches WHERE performer_name = ?',
      [c.name],
    );
    expect(row).toEqual({ artist_id: null, manual: true });
    // Put it back for the playlist steps.
    await addMatch(h.db, c.name, c);
  });

  it('creates a playlist whose tracks on the simulator are the preview, in order, then refreshes it in place', async () => {
    await page.goto(`${h.web.url}/playlists`);
    await page.getByLabel('Name').fill('Shows near Buffalo (e2e)');
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.waitForURL(/\/playlists\/preview/);
    const expected = (
      await buildPlaylistTracks(h.db, parseDefinition({ placeId: 'buffalo-ny' }), 'demo-alice', h.clock)
    ).map((t) => t.trackId);
    expect(expected.length).toBeGreaterThan(0);
    const previewIds = await page
      .locator('[data-table="playlist-tracks"] tbody tr')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-track-id')));
    expect(previewIds).toEqual(expected);
    await captureWidths(page, 'playlist-preview');

    await page.getByRole('button', { name: 'Create on Spotify' }).click();
    await page.waitForURL(/\/playlists\/pl_/);
    const spotifyId = await page.locator('[data-spotify-id]').getAttribute('data-spotify-id');
    const onSim = () => h.sim.state.playlistsOf('demo-alice').find((p) => p.id === spotifyId);
    expect(onSim()?.name).toBe('Shows near Buffalo (e2e)');
    expect(onSim()!.entries.map((e) => e.uri.replace('spotify:track:', ''))).toEqual(expected);

    // A new show is announced: refreshing rewrites the same Spotify playlist.
    const d = others[2]!;
    await addShows(h.db, [{ id: 'W3', date: '2026-11-12', bill: [d.name] }], h.clock.now());
    await addMatch(h.db, d.name, d);
    await addPicks(h.db, d.id, tracksOf(d.id));
    const after = (
      await buildPlaylistTracks(h.db, parseDefinition({ placeId: 'buffalo-ny' }), 'demo-alice', h.clock)
    ).map((t) => t.trackId);
    expect(after).not.toEqual(expected);
    await page.getByRole('button', { name: 'Refresh now' }).click();
    await page.waitForLoadState();
    expect(page.url()).toContain('/playlists/pl_');
    expect(await page.locator('[data-spotify-id]').getAttribute('data-spotify-id')).toBe(spotifyId);
    expect(
      h.sim.state.playlistsOf('demo-alice').filter((p) => p.name === 'Shows near Buffalo (e2e)'),
    ).toHaveLength(1);
    expect(onSim()!.entries.map((e) => e.uri.replace('spotify:track:', ''))).toEqual(after);
    expect(Number(await page.locator('[data-change-added]').getAttribute('data-change-added'))).toBe(
      after.filter((id) => !expected.includes(id)).length,
    );
    const listed = await page
      .locator('[data-list="playlist-tracks"] li')
      .evaluateAll((items) => items.map((i) => i.getAttribute('data-track-id')));
    expect(listed).toEqual(after);
    const { overflowAt360 } = await captureWidths(page, 'playlist');
    expect(overflowAt360).toBeLessThanOrEqual(0);
    await page.goto(`${h.web.url}/playlists`);
    await captureWidths(page, 'playlists');
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
