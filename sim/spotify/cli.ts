/**
 * Standalone Spotify simulator (`encore sim` wires this up). Timelines start a week
 * before now and run a month ahead, so the demo always has history and a "now playing".
 */
import { demoTimelineOptions, type SpotifySim, startSpotifySim, type Tier } from './index.ts';

export interface SpotifySimServerOptions {
  port?: number;
  host?: string;
  seed?: number;
  tier?: Tier;
  /** Print the URLs (default true). */
  log?: (line: string) => void;
}

export async function runSpotifySimServer(options: SpotifySimServerOptions = {}): Promise<SpotifySim> {
  const log = options.log ?? ((line: string) => console.log(line));
  const sim = await startSpotifySim({
    port: options.port ?? 0,
    host: options.host ?? '127.0.0.1',
    seed: options.seed ?? 1,
    tier: options.tier ?? 'development',
    timeline: demoTimelineOptions(Date.now(), 7, 30),
  });
  const users = sim.state.userIds.join(', ');
  log(
    `[sim] Spotify simulator (${sim.state.tier} tier, seed ${sim.state.seed}) — everything it serves is simulated`,
  );
  log(`[sim]   accounts:  ${sim.accountsUrl}  (authorize auto-consents; add &sim_user=<id>)`);
  log(`[sim]   web api:   ${sim.apiUrl}`);
  log(`[sim]   client id: ${sim.clientId}`);
  log(`[sim]   users:     ${users}`);
  log('[sim]   history:   7 days back; plays continue for 30 days');
  return sim;
}

// `npx tsx sim/spotify/cli.ts [port] [tier]` runs it directly.
if (import.meta.url === `file://${process.argv[1]}`) {
  const port = Number(process.argv[2] ?? 0);
  const tier = process.argv[3] === 'extended' ? 'extended' : 'development';
  const sim = await runSpotifySimServer({ port, tier });
  const stop = () => void sim.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
