import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMatch, addShows } from '../playlists/fixtures.ts';
import { startWebHarness, type WebHarness } from '../web/web-harness.ts';
import { captureWidths, launchChromium, SCREENSHOT_DIR } from './browser.ts';

/**
 * The artist, album and track pages, search and rediscovery in Chromium, against a
 * history stored in the real DuckDB file: one simulated artist whose tracks were played
 * on this day in earlier years and a favourite not played for ten months, and an artist
 * known by name only (an import). "Now" is the harness's 2026-11-02 12:00 UTC.
 */
const SHOTS = '/tmp/shots-pages';
const USER = 'demo-alice';

let h: WebHarness;
let browser: Browser;
let page: Page;
let artist: { id: string; name: string };
let tracks: Array<{ id: string; name: string; albumId: string | null }>;

async function shots(name: string): Promise<number> {
  const { overflowAt360 } = await captureWidths(page, name);
  mkdirSync(SHOTS, { recursive: true });
  for (const w of ['phone', 'desktop'])
    copyFileSync(join(SCREENSHOT_DIR, `${name}-${w}.png`), join(SHOTS, `${name}-${w}.png`));
  return overflowAt360;
}

async function play(
  trackKey: string,
  at: string,
  extra: { trackId?: string | null; artist?: string; name?: string; album?: string } = {},
) {
  await h.db.run(
    `INSERT INTO plays (user_id, track_key, played_at, track_id, track_name, artist_name, album_name, ms_played, ms_played_source, source)
     VALUES (?, ?, ?::TIMESTAMPTZ, ?, ?, ?, ?, 200000, 'export', 'export_extended')`,
    [
      USER,
      trackKey,
      at,
      extra.trackId === undefined ? trackKey : extra.trackId,
      extra.name ?? null,
      extra.artist ?? null,
      extra.album ?? null,
    ],
  );
}

const kpi = async (key: string) =>
  Number(await page.locator(`[data-kpi="${key}"]`).getAttribute('data-value'));

async function addHistory(): Promise<void> {
  const cat = h.sim.state.catalog;
  const a = cat.artists.find((x) => cat.tracksByArtist(x.id).length >= 3)!;
  artist = { id: a.id, name: a.name };
  tracks = cat
    .tracksByArtist(a.id)
    .slice(0, 3)
    .map((t) => ({ id: t.id, name: t.name, albumId: null }));
  await h.db.run('INSERT OR IGNORE INTO artists (artist_id, name) VALUES (?, ?)', [a.id, a.name]);
  await h.db.run("INSERT OR IGNORE INTO albums (album_id, name) VALUES ('alb-e2e', 'Side A')");
  for (const t of tracks) {
    await h.db.run(
      "INSERT OR IGNORE INTO tracks (track_id, name, duration_ms, album_id) VALUES (?, ?, 200000, 'alb-e2e')",
      [t.id, t.name],
    );
    await h.db.run('INSERT OR IGNORE INTO track_artists (track_id, artist_id, position) VALUES (?, ?, 0)', [
      t.id,
      a.id,
    ]);
  }
  const [fav, day, third] = tracks as [(typeof tracks)[0], (typeof tracks)[0], (typeof tracks)[0]];
  // The favourite: 30 streams in January 2026, none since.
  for (let i = 0; i < 30; i++) await play(fav.id, new Date(Date.UTC(2026, 0, 1 + i, 12)).toISOString());
  // On this day: 3 plays on 2025-11-02 and 2 on 2024-11-02 (midday UTC: the same day in the account's zone).
  for (let i = 0; i < 3; i++) await play(day.id, `2025-11-02T1${i}:00:00Z`);
  for (let i = 0; i < 2; i++) await play(day.id, `2024-11-02T1${i}:00:00Z`);
  await play(third.id, '2026-10-30T12:00:00Z');
  // An artist only known by name (an unresolved import), accents and all.
  for (let i = 0; i < 4; i++)
    await play('name:zoë name-only|quiet song', `2026-10-2${i}T20:00:00Z`, {
      trackId: null,
      artist: 'Zoë Name-Only',
      name: 'Quiet Song',
      album: 'Hush',
    });
}

beforeAll(async () => {
  h = await startWebHarness();
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.setDefaultTimeout(20_000);
  await page.goto(`${h.web.url}/`);
  await page.getByRole('link', { name: 'Sign in as Alice (demo)' }).click();
  await page.waitForURL(`${h.web.url}/`);
  await addHistory();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await h?.stop();
});

describe('artist, album and track pages, search and rediscovery in Chromium', { timeout: 90_000 }, () => {
  it("shows an artist's figures, charts, top tracks, albums and upcoming shows", async () => {
    await addShows(h.db, [{ id: 'P1', date: '2026-11-20', bill: [artist.name] }], h.clock.now());
    await addMatch(h.db, artist.name, artist);
    await page.goto(`${h.web.url}/artist/${artist.id}`);
    await page.waitForSelector('[data-charts-ready] [data-chart="rank"] svg');
    await page.waitForSelector('[data-chart="timeline"] svg');
    expect(await page.locator('h1').textContent()).toBe(artist.name);
    expect(await kpi('streams')).toBe(36);
    expect(await page.locator('[data-kpi="first"]').textContent()).toContain('2024-11-02');
    // Months from the first stream (Nov 2024) to this month: 25, adding up to the streams.
    const months = await page
      .locator('[data-table="months"] tr[data-month]')
      .evaluateAll((rows) =>
        rows.map((r) => [r.getAttribute('data-month'), Number(r.getAttribute('data-plays'))] as const),
      );
    expect(months).toHaveLength(25);
    expect(months.reduce((s, [, n]) => s + n, 0)).toBe(36);
    expect(months.find(([m]) => m === '2026-01')?.[1]).toBe(30);
    const top = page.locator('[data-top="tracks"] li');
    expect(await top.first().getAttribute('data-plays')).toBe('30');
    expect(await page.locator('[data-top="albums"] li').first().getAttribute('data-name')).toBe('Side A');
    expect(await page.locator('[data-list="shows"] [data-event="ticketmaster:P1"]').count()).toBe(1);
    expect(await shots('artist')).toBeLessThanOrEqual(0);
    // The top track links to its page; the track page links back to artist and album.
    await top.first().locator('a').click();
    await page.waitForURL(`${h.web.url}/track/${tracks[0]!.id}`);
    expect(await kpi('streams')).toBe(30);
    expect(await page.locator('a[data-entity="artist"]').getAttribute('href')).toBe(`/artist/${artist.id}`);
    expect(await shots('track')).toBeLessThanOrEqual(0);
    await page.locator('a[data-entity="album"]').click();
    await page.waitForURL(`${h.web.url}/album/alb-e2e`);
    expect(await kpi('streams')).toBe(36);
    expect(await shots('album')).toBeLessThanOrEqual(0);
  });

  it('links every dashboard top list, history row, review list and show badge to the pages', async () => {
    await page.goto(`${h.web.url}/?range=all`);
    for (const kind of ['artists', 'tracks', 'albums']) {
      const hrefs = await page
        .locator(`[data-top="${kind}"] li .name > a`)
        .evaluateAll((links) => links.map((a) => a.getAttribute('href')));
      expect(hrefs.length).toBeGreaterThan(0);
      expect(hrefs.every((href) => href?.startsWith(`/${kind.slice(0, -1)}/`))).toBe(true);
    }
    // Following the first artist gives the same streams the dashboard counted (all time).
    const first = page.locator('[data-top="artists"] li').first();
    const plays = Number(await first.getAttribute('data-plays'));
    await first.locator('a').click();
    await page.waitForURL(/\/artist\//);
    expect(await kpi('streams')).toBe(plays);
    await page.goto(`${h.web.url}/history?q=name-only`);
    await page.locator('[data-table="plays"] tbody tr').first().locator('a[data-entity="artist"]').click();
    await page.waitForURL(/\/artist\/name/);
    expect(await page.locator('h1').textContent()).toBe('Zoë Name-Only');
    expect(await kpi('streams')).toBe(4);
    await page.goto(`${h.web.url}/review?year=2026`);
    expect(await page.locator('.yir a[href^="/artist/"]').count()).toBeGreaterThan(0);
    expect(await page.locator('.yir a[href^="/track/"]').count()).toBeGreaterThan(0);
    await page.goto(`${h.web.url}/shows`);
    expect(
      await page.locator('[data-event="ticketmaster:P1"] a.badge[data-entity="artist"]').getAttribute('href'),
    ).toBe(`/artist/${artist.id}`);
  });

  it('searches from the nav box, without case or accents, grouped by kind', async () => {
    await page.goto(`${h.web.url}/`);
    await page.getByLabel('Search artists, tracks and albums').fill('ZOE');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/search\?q=ZOE/);
    const artists = page.locator('[data-group="artists"] [data-hit]');
    expect(await artists.count()).toBe(1);
    expect(await artists.first().getAttribute('data-plays')).toBe('4');
    expect(await page.locator('[data-group="tracks"] [data-hit]').count()).toBe(0);
    await page.goto(`${h.web.url}/search?q=hus`);
    expect(await page.locator('[data-group="albums"] [data-hit] a').textContent()).toBe('Hush');
    expect(await shots('search')).toBeLessThanOrEqual(0);
    const long = await page.goto(`${h.web.url}/search?q=${'x'.repeat(150)}`);
    expect(long!.status()).toBe(400);
    expect(await page.locator('[role="alert"]').textContent()).toContain('at most 100 characters');
  });

  it('answers unknown and malformed ids with a 404 or 400 page', async () => {
    const missing = await page.goto(`${h.web.url}/artist/not-an-artist`);
    expect(missing!.status()).toBe(404);
    expect(await page.locator('h1').textContent()).toBe('No such artist');
    expect(await shots('not-found')).toBeLessThanOrEqual(0);
    expect((await page.goto(`${h.web.url}/track/${encodeURIComponent("x' OR '1'='1")}`))!.status()).toBe(404);
    expect((await page.goto(`${h.web.url}/album/${'a'.repeat(700)}`))!.status()).toBe(400);
  });

  it('shows on this day, forgotten favourites with a one-click playlist, and the clock', async () => {
    await page.goto(`${h.web.url}/rediscover?range=all`);
    expect(await page.locator('[data-year="2025"]').getAttribute('data-plays')).toBe('3');
    expect(await page.locator('[data-year="2024"]').getAttribute('data-plays')).toBe('2');
    expect(await page.locator('[data-year="2025"] h3').textContent()).toContain('1 year ago');
    const fav = page.locator(`[data-list="forgotten"] [data-track="${tracks[0]!.id}"]`);
    expect(await fav.getAttribute('data-plays')).toBe('30');
    // The clock's numbers are the range's streams.
    const perHour = await page
      .locator('[data-table="clock"] tr[data-hour]')
      .evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-plays'))));
    const db = await h.db.one<{ n: number }>(
      `SELECT count(*)::INTEGER AS n FROM plays WHERE user_id = ? AND kind IN ('track', 'unidentified') AND coalesce(ms_played, 200000) >= 30000`,
      [USER],
    );
    expect(perHour).toHaveLength(24);
    expect(perHour.reduce((a, b) => a + b, 0)).toBe(db!.n);
    expect(await page.locator('svg[data-clock] path.wedge').count()).toBe(
      perHour.filter((n) => n > 0).length,
    );
    expect(await shots('rediscover')).toBeLessThanOrEqual(0);
    // One click: a private playlist on (simulated) Spotify with the forgotten tracks.
    const before = h.sim.state.playlistsOf(USER).length;
    await page.getByRole('button', { name: /Make a playlist/ }).click();
    await page.waitForSelector('[data-playlist-made]');
    const id = await page.locator('[data-playlist-made]').getAttribute('data-playlist-made');
    const made = h.sim.state.playlistsOf(USER).find((p) => p.id === id)!;
    expect(h.sim.state.playlistsOf(USER)).toHaveLength(before + 1);
    expect(made.public).toBe(false);
    expect(made.entries.map((e) => e.uri)).toContain(`spotify:track:${tracks[0]!.id}`);
    // Not a managed playlist: the weekly refresh never rewrites it.
    expect((await h.db.one<{ n: number }>('SELECT count(*)::INTEGER AS n FROM playlists'))!.n).toBe(0);
    // Spotify asking to wait: a page that says so, and no playlist.
    h.sim.state.injectFault({
      kind: 'rate_limit',
      retryAfterSeconds: 3600,
      method: 'POST',
      path: /playlists$/,
    });
    await page.goto(`${h.web.url}/rediscover`);
    const [answer] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/rediscover/playlist')),
      page.getByRole('button', { name: /Make a playlist/ }).click(),
    ]);
    expect(answer.status()).toBe(409);
    expect(await page.locator('h1').textContent()).toBe('Spotify asked encore to wait');
    expect(h.sim.state.playlistsOf(USER)).toHaveLength(before + 1);
    // The dashboard's heatmap links to the clock of the same range.
    await page.goto(`${h.web.url}/?range=90d&metric=minutes`);
    await page.locator('[data-clock-link]').click();
    await page.waitForURL(/\/rediscover\?range=90d/);
    expect(await page.locator('select[name="range"]').inputValue()).toBe('90d');
    const bad = await page.goto(`${h.web.url}/rediscover?months=0`);
    expect(bad!.status()).toBe(200);
    expect(await page.locator('[role="alert"]').textContent()).toContain('not a number of months');
  });
});
