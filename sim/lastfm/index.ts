import { listen } from '../concerts/server.ts';
import { createLastfmSimApp } from './app.ts';
import { createLastfmSimState, type LastfmSimOptions, type LastfmSimState } from './state.ts';

export { createLastfmSimApp } from './app.ts';
export { lastfmSignature } from './signing.ts';
export {
  createLastfmSimState,
  type LastfmFault,
  type LastfmSimState,
  MAX_SCROBBLE_AGE_MS,
  MAX_SCROBBLES_PER_BATCH,
  type Scrobble,
} from './state.ts';

export interface RunningLastfmSim {
  /** Base URL to give LASTFM_API_URL: `http://127.0.0.1:<port>/2.0/`. */
  url: string;
  /** The web auth page to give LASTFM_AUTH_URL: `http://127.0.0.1:<port>/api/auth/`. */
  authUrl: string;
  state: LastfmSimState;
  close(): Promise<void>;
}

export async function startLastfmSim(
  options: LastfmSimOptions & { port?: number } = {},
): Promise<RunningLastfmSim> {
  const state = createLastfmSimState(options);
  const server = await listen(createLastfmSimApp(state), options.port);
  return {
    url: `${server.origin}/2.0/`,
    authUrl: `${server.origin}/api/auth/`,
    state,
    close: async () => {
      state.releaseStalled();
      await server.close();
    },
  };
}
