import { listen } from '../concerts/server.ts';
import type { ConcertWorld } from '../concerts/world.ts';
import {
  createSetlistFmSimApp,
  createSetlistFmSimState,
  type SetlistFmSimOptions,
  type SetlistFmSimState,
} from './app.ts';

export {
  createSetlistFmSimApp,
  createSetlistFmSimState,
  mbidOf,
  PAGE_SIZE,
  type SetlistFmFault,
  type SetlistFmSimState,
} from './app.ts';
export type { SimSet, SimSetlist, SimSong } from './setlists.ts';

export interface StartSetlistFmSimOptions extends SetlistFmSimOptions {
  port?: number;
}

export interface RunningSetlistFmSim {
  /** Base URL to give SETLISTFM_API_URL: `http://127.0.0.1:<port>/rest/1.0`. */
  url: string;
  state: SetlistFmSimState;
  world: ConcertWorld;
  close(): Promise<void>;
}

export async function startSetlistFmSim(options: StartSetlistFmSimOptions): Promise<RunningSetlistFmSim> {
  const state = createSetlistFmSimState(options);
  const server = await listen(createSetlistFmSimApp(state, options.world), options.port);
  return { url: `${server.origin}/rest/1.0`, state, world: options.world, close: server.close };
}
