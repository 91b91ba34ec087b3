import type { Catalog, CatalogOptions } from '../../../sim/spotify/catalog.ts';
import type { Play } from '../../../sim/spotify/timeline.ts';
import type { Clock } from '../../util/clock.ts';

/** What encore needs from a running Spotify simulator (demo mode, tests, benchmarks). */
export interface RunningSpotifySim {
  url: string;
  accountsUrl: string;
  apiUrl: string;
  clientId: string;
  close(): Promise<void>;
}

/** The demo simulator, with its catalog (the setlist.fm simulator's songs are its tracks). */
export interface DemoSpotifySim extends RunningSpotifySim {
  catalog: Catalog;
  /** Every scripted play of a simulated account (none for an unknown one). */
  playsOf(userId: string): readonly Play[];
  /** Gives the simulator back a playlist an earlier demo process created (same id, same tracks). */
  restorePlaylist(p: { id: string; ownerId: string; name: string; uris: string[] }): void;
}

/** The seed of demo mode's simulated world (catalog, timelines, demo history). */
export const DEMO_SIM_SEED = 7;

/** The simulated accounts demo mode connects. */
export const DEMO_USERS = ['demo-alice', 'demo-bob', 'demo-chen'];

export const WEEK = 7 * 24 * 3600 * 1000;

/** Where the simulator's scripted listening begins: the start of the previous week. */
export function demoTimelineStart(nowMs: number): number {
  return Math.floor(nowMs / WEEK) * WEEK - WEEK;
}

/**
 * Demo mode runs encore against the Spotify simulator in-process. The simulated world is
 * anchored to the start of the current week so that every encore process started this
 * week (serve, log, status…) sees the same listening history.
 */
export async function startDemoSpotify(clock: Clock, catalog?: CatalogOptions): Promise<DemoSpotifySim> {
  const { startSpotifySim } = await import('../../../sim/spotify/index.ts');
  const anchor = demoTimelineStart(clock.now());
  const sim = await startSpotifySim({
    clock,
    seed: DEMO_SIM_SEED,
    host: '127.0.0.1',
    port: 0,
    timeline: { start: anchor, days: 28 },
    ...(catalog ? { catalog } : {}),
  });
  const playsOf = (userId: string) => (sim.state.user(userId) ? sim.state.playsOf(userId) : []);
  const restorePlaylist = (p: Parameters<DemoSpotifySim['restorePlaylist']>[0]) =>
    sim.state.playlistStore.restore(p);
  return Object.assign(sim, { catalog: sim.state.catalog, playsOf, restorePlaylist });
}
