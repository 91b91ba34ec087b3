import type { Command } from 'commander';
import { UsageError } from '../run.ts';
import { startCloudSims } from './sim-cloud.ts';

/** `encore sim`: the simulators on a port, for trying encore (or another client) against them. */
export function registerSimCommand(program: Command): void {
  program
    .command('sim')
    .description(
      'run the simulated Spotify, Cloud Storage and BigQuery on 127.0.0.1 (prints the settings to point at them)',
    )
    .option('--port <port>', 'port to listen on', '8899')
    .option('--tier <tier>', 'development or extended', 'development')
    .option('--seed <n>', 'world seed', '1')
    .option('--gcs-port <port>', 'Cloud Storage simulator port', '4443')
    .option('--bigquery-port <port>', 'BigQuery simulator port', '9050')
    .option('--bucket <name...>', 'buckets the Cloud Storage simulator starts with', [
      'encore-state',
      'encore-shows',
    ])
    .option('--project <id>', 'the BigQuery simulator project', 'encore-sim')
    .action(async (opts: SimOptions) => {
      const port = portOption(opts.port, '--port');
      const gcsPort = portOption(opts.gcsPort, '--gcs-port');
      const bigqueryPort = portOption(opts.bigqueryPort, '--bigquery-port');
      if (opts.tier !== 'development' && opts.tier !== 'extended')
        throw new UsageError('--tier is development or extended.');
      const { runSpotifySimServer } = await import('../../../sim/spotify/cli.ts');
      const sim = await runSpotifySimServer({ port, tier: opts.tier, seed: Number(opts.seed) || 1 });
      const cloud = await startCloudSims({
        gcsPort,
        bigqueryPort,
        buckets: opts.bucket,
        projectId: opts.project,
        log: (line) => console.log(line),
      });
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await cloud.close();
      await sim.close();
    });
}

interface SimOptions {
  port: string;
  tier: string;
  seed: string;
  gcsPort: string;
  bigqueryPort: string;
  bucket: string[];
  project: string;
}

function portOption(value: string, name: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`${name} must be a port number.`);
  return port;
}
