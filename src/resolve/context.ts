import type { MusicBrainzClient } from '../enrich/musicbrainz.ts';
import type { RunReport } from '../store/job-runs.ts';
import type { SpotifyClient } from '../spotify/client.ts';
import type { Db } from '../store/db.ts';
import type { Clock } from '../util/clock.ts';
import type { Logger } from '../util/logger.ts';
import type { SpotifyBudget } from './budget.ts';

/** What every resolve step gets: its own Spotify queue and budget, MusicBrainz, the run's report. */
export interface ResolveContext {
  db: Db;
  spotify: SpotifyClient;
  musicbrainz: MusicBrainzClient;
  budget: SpotifyBudget;
  clock: Clock;
  logger: Logger;
  userId: string;
  report: RunReport;
  /** Aborted when encore shuts down: the run stops after the lookup in flight. */
  signal?: AbortSignal;
}
