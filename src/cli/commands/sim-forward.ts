/**
 * `encore sim`'s forwarding half: the ListenBrainz and Last.fm simulators, so `encore forward`
 * can be tried without an account on either. Their built-in credentials are printed because
 * they are the simulators' fixed test values, not secrets of anyone.
 */
export interface ForwardSimOptions {
  listenbrainzPort: number;
  lastfmPort: number;
  log: (line: string) => void;
}

export interface RunningForwardSims {
  close(): Promise<void>;
}

export async function startForwardSims(options: ForwardSimOptions): Promise<RunningForwardSims> {
  const { log } = options;
  const { startListenBrainzSim } = await import('../../../sim/listenbrainz/index.ts');
  const { startLastfmSim } = await import('../../../sim/lastfm/index.ts');
  const lb = await startListenBrainzSim({ port: options.listenbrainzPort });
  const fm = await startLastfmSim({ port: options.lastfmPort });
  log(`[sim] ListenBrainz simulator (submit-listens, validate-token, user listens)`);
  log(`[sim]   endpoint:  ${lb.url}  (LISTENBRAINZ_API_URL=${lb.url})`);
  log(`[sim]   token:     sim-lb-token (user sim-user)`);
  log(`[sim] Last.fm simulator (signed track.scrobble, web auth page)`);
  log(`[sim]   endpoint:  ${fm.url}  (LASTFM_API_URL=${fm.url})`);
  log(`[sim]   auth page: ${fm.authUrl}  (LASTFM_AUTH_URL=${fm.authUrl})`);
  log(`[sim]   api key:   LASTFM_API_KEY=sim-lastfm-key LASTFM_API_SECRET=sim-lastfm-secret`);
  return {
    async close() {
      await fm.close();
      await lb.close();
    },
  };
}
