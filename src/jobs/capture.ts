import type { Config } from '../config/config.ts';
import type { SpotifyRuntime } from '../spotify/runtime.ts';

/** What capture needs of the process's services: the Spotify runtime (client and token store). */
interface SpotifyServices {
  spotify: SpotifyRuntime;
}
import type { CaptureAllOptions } from './capture/capture-all.ts';
import { captureAll } from './capture/capture-all.ts';
import type { RunReport } from '../store/job-runs.ts';
import type { Db } from '../store/db.ts';
import type { Clock } from '../util/clock.ts';
import type { Logger } from '../util/logger.ts';
import { syncWarehouseAfterRun } from '../warehouse/index.ts';
import { forwardAfterRun } from '../forward/index.ts';
import type { ForwardRunOptions } from '../forward/run.ts';

export function captureOptionsFrom(config: Config, services: SpotifyServices): CaptureAllOptions {
  return {
    activeIntervalMs: config.capture.activeIntervalMs,
    idleMaxIntervalMs: config.capture.idleMaxIntervalMs,
    precise: config.capture.precise,
    tokens: services.spotify.tokens,
  };
}

/**
 * One capture pass for every connected account, as `encore log` and the scheduler run it;
 * then the new plays go to the warehouse when one is configured, and to the forward targets
 * (ListenBrainz, Last.fm) when there are any; neither ever fails the pass.
 */
export async function runCapturePass(
  deps: {
    db: Db;
    services: SpotifyServices;
    clock: Clock;
    logger: Logger;
    config: Config;
    /** `encore serve`'s forward job (shared rate-limit state); otherwise one is made for this pass. */
    forward?: (options?: ForwardRunOptions) => Promise<RunReport>;
  },
  extra: Partial<CaptureAllOptions> = {},
): Promise<RunReport> {
  const report = await captureAll(
    { db: deps.db, spotify: deps.services.spotify.client, clock: deps.clock, logger: deps.logger },
    { ...captureOptionsFrom(deps.config, deps.services), ...extra },
  );
  await syncWarehouseAfterRun(deps, 'capture');
  if ((report.counts.plays_added ?? 0) > 0) await forwardAfterRun(deps, 'capture');
  return report;
}
