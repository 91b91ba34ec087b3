import { listen } from '../concerts/server.ts';
import { type ConcertWorld, type ConcertWorldOptions, createConcertWorld } from '../concerts/world.ts';
import {
  createSeatGeekSimApp,
  createSeatGeekSimState,
  type SeatGeekSimOptions,
  type SeatGeekSimState,
} from './app.ts';

export {
  createSeatGeekSimApp,
  createSeatGeekSimState,
  type SeatGeekFault,
  type SeatGeekSimState,
} from './app.ts';
export { seatGeekSearch } from './search.ts';

export interface StartSeatGeekSimOptions extends Omit<SeatGeekSimOptions, 'world'> {
  /** The shared world (pass the Ticketmaster simulator's so the same shows appear on both). */
  world?: ConcertWorld;
  worldOptions?: ConcertWorldOptions;
  port?: number;
}

export interface RunningSeatGeekSim {
  /** Base URL to give SEATGEEK_API_URL: `http://127.0.0.1:<port>/2`. */
  url: string;
  state: SeatGeekSimState;
  close(): Promise<void>;
}

export async function startSeatGeekSim(options: StartSeatGeekSimOptions = {}): Promise<RunningSeatGeekSim> {
  const world = options.world ?? createConcertWorld(options.worldOptions);
  const state = createSeatGeekSimState({ ...options, world });
  const server = await listen(createSeatGeekSimApp(state), options.port);
  return { url: `${server.origin}/2`, state, close: server.close };
}
