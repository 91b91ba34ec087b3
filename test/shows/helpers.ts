/**
 * The shows pipeline wired for integration tests: one linked world (concert world whose
 * artists are the Spotify simulator's), the Ticketmaster, setlist.fm and Spotify
 * simulators over HTTP on 127.0.0.1, a temp DuckDB file, a connected account, one place.
 */
import { createLinkedWorld } from '../../sim/concerts/spotify-world.ts';
import type { ConcertWorld, ConcertWorldOptions } from '../../sim/concerts/world.ts';
import { type RunningSetlistFmSim, startSetlistFmSim } from '../../sim/setlistfm/index.ts';
import type { SpotifySimOptions, Tier } from '../../sim/spotify/index.ts';
import { type RunningTicketmasterSim, startTicketmasterSim } from '../../sim/ticketmaster/index.ts';
import { createSetlistFmClient } from '../../src/enrich/setlistfm.ts';
import { createTicketmasterSource } from '../../src/events/ticketmaster.ts';
import type { Place } from '../../src/events/types.ts';
import { runShowsSync, type ShowsSyncResult } from '../../src/jobs/shows-sync.ts';
import { savePlace } from '../../src/store/places.ts';
import { type Harness, startHarness } from '../helpers/harness.ts';

export const START = Date.UTC(2026, 10, 2, 12);
export const DAY = 86_400_000;
export const USER = 'demo-alice';

export const BUFFALO: Place = {
  id: 'buffalo-ny',
  name: 'Buffalo, NY',
  kind: 'point',
  lat: 42.8864,
  lon: -78.8784,
  radiusMiles: 50,
  countryCode: 'US',
};

export interface ShowsHarness {
  h: Harness;
  world: ConcertWorld;
  tm: RunningTicketmasterSim;
  setlist: RunningSetlistFmSim;
  run(options?: { setlistfm?: boolean; sources?: boolean }): Promise<ShowsSyncResult>;
  close(): Promise<void>;
}

export async function startShows(
  options: { world?: ConcertWorldOptions; tier?: Tier; sim?: Partial<SpotifySimOptions> } = {},
): Promise<ShowsHarness> {
  const linked = createLinkedWorld({
    world: { seed: 11, start: START, eventCount: 60, days: 60, places: undefined, ...options.world },
    spotifySeed: 11,
  });
  const h = await startHarness({
    start: START,
    sim: {
      seed: 11,
      catalog: linked.catalog,
      tier: options.tier ?? 'development',
      timeline: { days: 3 },
      ...options.sim,
    },
  });
  const now = () => h.clock.now();
  const tm = await startTicketmasterSim({ world: linked.world, now, spikeLimitPerSecond: 0 });
  const setlist = await startSetlistFmSim({ world: linked.world, catalog: h.sim.state.catalog, now });
  await h.connect(USER);
  await savePlace(h.db, BUFFALO, new Date(START));
  const counter = h.services.spotify.counter;
  const common = { clock: h.clock, logger: h.logger, counter };
  return {
    h,
    world: linked.world,
    tm,
    setlist,
    run: (runOptions = {}) =>
      runShowsSync(
        {
          db: h.db,
          clock: h.clock,
          logger: h.logger,
          sources:
            runOptions.sources === false
              ? []
              : [
                  createTicketmasterSource({
                    apiKey: 'sim-ticketmaster-key',
                    baseUrl: tm.url,
                    retryDelayMs: 10,
                    ...common,
                  }),
                ],
          spotify: h.services.spotify.client,
          userId: USER,
          setlistfm:
            runOptions.setlistfm === false
              ? null
              : createSetlistFmClient({ apiKey: 'sim-setlistfm-key', baseUrl: setlist.url, ...common }),
          counters: [counter],
        },
        { window: { from: new Date(h.clock.now()), to: new Date(h.clock.now() + 90 * DAY) } },
      ),
    close: async () => {
      await tm.close();
      await setlist.close();
      await h.close();
    },
  };
}

export function spotifyCalls(h: Harness, prefix: string): number {
  return h.sim.state.requestLog.callCount(prefix);
}
