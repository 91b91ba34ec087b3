import type { Command } from 'commander';
import { UsageError } from '../run.ts';

/** `encore sim`: the simulators on a port, for trying encore (or another client) against them. */
export function registerSimCommand(program: Command): void {
  program
    .command('sim')
    .description(
      'run the simulated Spotify on 127.0.0.1 (point SPOTIFY_ACCOUNTS_URL / SPOTIFY_API_URL at it)',
    )
    .option('--port <port>', 'port to listen on', '8899')
    .option('--tier <tier>', 'development or extended', 'development')
    .option('--seed <n>', 'world seed', '1')
    .action(async (opts: { port: string; tier: string; seed: string }) => {
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535)
        throw new UsageError('--port must be a port number.');
      if (opts.tier !== 'development' && opts.tier !== 'extended')
        throw new UsageError('--tier is development or extended.');
      const { runSpotifySimServer } = await import('../../../sim/spotify/cli.ts');
      const sim = await runSpotifySimServer({ port, tier: opts.tier, seed: Number(opts.seed) || 1 });
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await sim.close();
    });
}
