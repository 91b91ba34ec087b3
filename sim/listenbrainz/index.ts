import { listen } from '../concerts/server.ts';
import {
  createListenBrainzSimApp,
  createListenBrainzSimState,
  type ListenBrainzSimOptions,
  type ListenBrainzSimState,
} from './app.ts';

export {
  createListenBrainzSimApp,
  createListenBrainzSimState,
  type ListenBrainzFault,
  type ListenBrainzSimState,
  MAX_LISTEN_BYTES,
  MAX_LISTENS_PER_REQUEST,
  type ReceivedListen,
} from './app.ts';

export interface RunningListenBrainzSim {
  /** Base URL to give LISTENBRAINZ_API_URL: `http://127.0.0.1:<port>`. */
  url: string;
  state: ListenBrainzSimState;
  close(): Promise<void>;
}

export async function startListenBrainzSim(
  options: ListenBrainzSimOptions & { port?: number } = {},
): Promise<RunningListenBrainzSim> {
  const state = createListenBrainzSimState(options);
  const server = await listen(createListenBrainzSimApp(state), options.port);
  return {
    url: server.origin,
    state,
    close: async () => {
      state.releaseStalled();
      await server.close();
    },
  };
}
