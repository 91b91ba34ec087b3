import { listen } from '../concerts/server.ts';
import { createGcsSimApp } from './app.ts';
import { createGcsSimState, type GcsSimState } from './objects.ts';

export { createGcsSimApp } from './app.ts';
export { createGcsSimState, type GcsSimState, type StoredObject } from './objects.ts';

export interface StartGcsSimOptions {
  /** Buckets that exist from the start. */
  buckets?: string[];
  port?: number;
}

export interface RunningGcsSim {
  /** Give this to ENCORE_GCS_ENDPOINT (or the client's `apiEndpoint`): `http://127.0.0.1:<port>`. */
  url: string;
  state: GcsSimState;
  close(): Promise<void>;
}

export async function startGcsSim(options: StartGcsSimOptions = {}): Promise<RunningGcsSim> {
  const state = createGcsSimState({ buckets: options.buckets ?? [] });
  const server = await listen(createGcsSimApp(state), options.port);
  return { url: server.origin, state, close: server.close };
}
