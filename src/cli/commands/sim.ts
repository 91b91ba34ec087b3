import type { Command } from 'commander';
import { UsageError } from '../run.ts';
import { startCloudSims } from './sim-cloud.ts';
import { startForwardSims } from './sim-forward.ts';

/** `encore sim`: the simulators on a port, for trying encore (or another client) against them. */
export function registerSimCommand(program: Command): void {
  program
    .command('sim')
    .description(
      'run the simulated Spotify, Cloud Storage, BigQuery, ListenBrainz and Last.fm on 127.0.0.1 (prints the settings to point at them)',
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
    .option('--listenbrainz-port <port>', 'ListenBrainz simulator port', '8900')
    .option('--lastfm-port <port>', 'Last.fm simulator port', '8901')
    .action(async (opts: SimOptions) => {
      const port = portOption(opts.port, '--port');
      const gcsPort = portOption(opts.gcsPort, '--gcs-port');
      const bigqueryPort = portOption(opts.bigqueryPort, '--bigquery-port');
      const listenbrainzPort = portOption(opts.listenbrainzPort, '--listenbrainz-port');
      const lastfmPort = portOption(opts.lastfmPort, '--lastfm-port');
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
      const forward = await startForwardSims({
        listenbrainzPort,
        lastfmPort,
        log: (line) => console.log(line),
      });
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await forward.close();
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
  listenbrainzPort: string;
  lastfmPort: string;
}

function portOption(value: string, name: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`${name} must be a port number.`);
  return port;
}
