import type { SpotifyRuntime } from '../spotify/runtime.ts';
import type { RunningSpotifySim } from './demo/spotify.ts';
import type { DemoConcerts } from './demo/concerts.ts';
import type { DemoSimTruth } from './demo/history.ts';

/** The external-service side of a process (app/services.ts builds it). */
export interface Services {
  spotify: SpotifyRuntime;
  /** Set in demo mode: the in-process simulator standing in for Spotify. */
  demoSim?: RunningSpotifySim;
  /** Set in demo mode: the Ticketmaster and setlist.fm simulators the shows sync uses. */
  demoConcerts?: DemoConcerts;
  /** Demo mode: the simulated accounts one can sign in as (empty otherwise). */
  demoAccounts: readonly string[];
  /** Set in demo mode: the simulator's own plays, which the demo history runs up to. */
  demoTruth?: DemoSimTruth;
  close(): Promise<void>;
}
