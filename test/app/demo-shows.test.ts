import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCatalog } from '../../sim/spotify/catalog.ts';
import { createDemoWorld } from '../../src/app/demo/concerts.ts';
import { DEMO_SIM_SEED, demoTimelineStart, WEEK } from '../../src/app/demo/spotify.ts';
import { demoFavouriteArtists } from '../../src/app/demo/history.ts';
import { type RunningEncore, startEncore } from '../../src/cli/serve.ts';
import { type AppContext, openAppContext } from '../../src/app/context.ts';
import { loadConfig } from '../../src/config/config.ts';
import { buildPlaylistTracks, parseDefinition } from '../../src/playlists/index.ts';
import { listShows } from '../../src/shows/list-shows.ts';
import { listPlaces } from '../../src/store/places.ts';
import { memoryLogger } from '../../src/util/logger.ts';

/** `encore serve` in demo mode with a fresh data dir: a place, one shows sync, and the data the Shows and Playlists pages read. */

const ROOT = join(import.meta.dirname, '../..');
const SECRET_KEY = Buffer.alloc(32, 6).toString('base64');
const dir = mkdtempSync(join(tmpdir(), 'encore-demo-shows-'));
const logger = memoryLogger({ demo: true });
let ctx: AppContext;
let encore: RunningEncore | undefined;
let open = true;

beforeAll(async () => {
  const config = loadConfig({
    env: { ENCORE_DATA_DIR: dir, ENCORE_SECRET_KEY: SECRET_KEY },
    dotenvPath: null,
    cwd: dir,
  });
  ctx = await openAppContext({ config, logger });
  encore = await startEncore(ctx, { port: 0, tickMs: 3_600_000 });
  await encore.demoShowsSync;
}, 90_000);

afterAll(async () => {
  await encore?.stop();
  if (open) await ctx?.close();
});

const count = async (table: string) =>
  (await ctx.db.one<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${table}`))!.n;

describe('demo mode: shows near a simulated city', { timeout: 90_000 }, () => {
  it('adds the demo city as a place and syncs its shows once, in the background, after start', async () => {
    expect((await listPlaces(ctx.db)).map((p) => p.id)).toEqual(['austin-tx']);
    expect(encore!.demoShowsSync).toBeDefined();
    expect(await count('events')).toBeGreaterThan(40);
    expect(await count('event_performers')).toBeGreaterThan(await count('events'));
    expect(await count('artist_matches WHERE artist_id IS NOT NULL')).toBeGreaterThan(40);
    expect(await count('artist_picks')).toBeGreaterThan(100);
    const run = await ctx.db.one<{ outcome: string }>(
      "SELECT outcome FROM job_runs WHERE job = 'shows-sync' ORDER BY started_at DESC LIMIT 1",
    );
    expect(run?.outcome).toBe('ok');
    expect(logger.lines.some((l) => l.startsWith('[demo] info  demo shows sync done'))).toBe(true);
  });

  it('books artists the demo accounts play: badges, "only artists I know" and a playlist of them', async () => {
    const now = ctx.clock.now();
    const known = await listShows(ctx.db, { from: new Date(now), userId: 'demo-alice', knownOnly: true });
    expect(known.length).toBeGreaterThan(0);
    const played = known.flatMap((l) => l.performers.flatMap((p) => p.artists)).filter((a) => a.plays > 0);
    expect(played.length).toBeGreaterThan(0);
    const favourites = new Set(demoFavouriteArtists('demo-alice', createCatalog(DEMO_SIM_SEED)));
    expect(played.some((a) => favourites.has(a.match!.artistId!))).toBe(true);
    const all = await listShows(ctx.db, { from: new Date(now), userId: 'demo-alice' });
    expect(known.length).toBeLessThan(all.length);

    const tracks = await buildPlaylistTracks(
      ctx.db,
      parseDefinition({ placeId: 'austin-tx', onlyKnown: true }),
      'demo-alice',
      ctx.clock,
    );
    expect(tracks.length).toBeGreaterThan(0);
  });

  it('runs the sync only while no shows are stored: a second start leaves them to the weekly schedule', async () => {
    await encore!.stop();
    encore = await startEncore(ctx, { port: 0, tickMs: 3_600_000 });
    const before = await count("job_runs WHERE job = 'shows-sync'");
    await encore.demoShowsSync;
    expect(await count("job_runs WHERE job = 'shows-sync'")).toBe(before);
    expect(before).toBe(1);
    await encore.stop();
    encore = undefined;
  });

  it('`encore shows` lists the synced shows from the same data dir', async () => {
    await ctx.close();
    open = false;
    const result = spawnSync(
      process.execPath,
      [join(ROOT, 'bin/encore.js'), 'shows', '--user', 'demo-alice'],
      {
        cwd: dir,
        encoding: 'utf8',
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          ENCORE_TIMEZONE: 'UTC',
          ENCORE_DATA_DIR: dir,
          ENCORE_SECRET_KEY: SECRET_KEY,
        },
        timeout: 60_000,
      },
    );
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/Austin|TX/);
    expect(result.stdout).toMatch(/\d+ show\(s\)\./);
    expect(result.stdout).toMatch(/→ [^·|]+\([\d,]+ streams?\)/);
  });
});

describe('the demo concert world', () => {
  it('is the same all week and bills artists of the base demo catalog under their catalog ids', async () => {
    const base = createCatalog(DEMO_SIM_SEED);
    const weekStart = demoTimelineStart(Date.UTC(2026, 10, 16, 9)) + WEEK;
    const a = await createDemoWorld(weekStart + 3_600_000);
    const b = await createDemoWorld(weekStart + WEEK - 3_600_000);
    expect(b.world.events.map((e) => [e.id, e.startUtcMs])).toEqual(
      a.world.events.map((e) => [e.id, e.startUtcMs]),
    );
    const favourites = demoFavouriteArtists('demo-bob', base);
    const booked = a.world.artists.filter((w) => w.spotifyId && favourites.includes(w.spotifyId));
    expect(booked.length).toBeGreaterThan(0);
    for (const artist of booked) expect(base.artist(artist.spotifyId!)?.name).toBe(artist.name);
    // Extra artists only add to the catalog: every base id still names the same artist.
    const linked = createCatalog(DEMO_SIM_SEED, a.catalog);
    for (const artist of base.artists) expect(linked.artist(artist.id)?.name).toBe(artist.name);
    expect(linked.artists.length).toBeGreaterThan(base.artists.length);
  });
});
