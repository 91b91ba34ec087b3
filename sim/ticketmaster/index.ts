import { listen } from '../concerts/server.ts';
import { type ConcertWorld, type ConcertWorldOptions, createConcertWorld } from '../concerts/world.ts';
import {
  createTicketmasterSimApp,
  createTicketmasterSimState,
  type TicketmasterSimOptions,
  type TicketmasterSimState,
} from './app.ts';

export {
  createTicketmasterSimApp,
  createTicketmasterSimState,
  type TicketmasterFault,
  type TicketmasterSimState,
} from './app.ts';
export { ticketmasterSearch } from './search.ts';

export interface StartTicketmasterSimOptions extends Omit<TicketmasterSimOptions, 'world'> {
  /** The shared world; built from `worldOptions` when absent. */
  world?: ConcertWorld;
  worldOptions?: ConcertWorldOptions;
  port?: number;
}

export interface RunningTicketmasterSim {
  /** Base URL to give TICKETMASTER_API_URL: `http://127.0.0.1:<port>/discovery/v2`. */
  url: string;
  state: TicketmasterSimState;
  close(): Promise<void>;
}

export async function startTicketmasterSim(
  options: StartTicketmasterSimOptions = {},
): Promise<RunningTicketmasterSim> {
  const world = options.world ?? createConcertWorld(options.worldOptions);
  const state = createTicketmasterSimState({ ...options, world });
  const server = await listen(createTicketmasterSimApp(state), options.port);
  return { url: `${server.origin}/discovery/v2`, state, close: server.close };
}
