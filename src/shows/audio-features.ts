/**
 * Audio features of picked tracks, 100 ids a call, when the app's tier allows them
 * (Extended only). The first 403 is logged once and remembered (capabilities), the
 * feature columns stay empty, and later runs do not ask again.
 */
import { DeferredError } from '../http/index.ts';
import { TierGatedError } from '../spotify/capabilities.ts';
import type { SpotifyClient } from '../spotify/client.ts';
import type { Db } from '../store/db.ts';
import { saveFeatures, tracksWithoutFeatures } from '../store/matches.ts';
import type { Clock } from '../util/clock.ts';
import type { Logger } from '../util/logger.ts';

export const FEATURES_BATCH = 100;

export interface FeaturesReport {
  /** Tracks that had none stored. */
  wanted: number;
  fetched: number;
  /** `gated` when the tier does not allow audio features. */
  outcome: 'ok' | 'gated' | 'deferred' | 'nothing_to_do';
}

export async function fetchAudioFeatures(deps: {
  db: Db;
  spotify: SpotifyClient;
  userId: string;
  clock: Clock;
  logger: Logger;
}): Promise<FeaturesReport> {
  const { db, spotify, clock, logger } = deps;
  const wanted = await tracksWithoutFeatures(db);
  const report: FeaturesReport = { wanted: wanted.length, fetched: 0, outcome: 'nothing_to_do' };
  if (wanted.length === 0) return report;
  if (!spotify.capabilities.mayTry('audioFeatures', clock.now())) return { ...report, outcome: 'gated' };
  try {
    for (let i = 0; i < wanted.length; i += FEATURES_BATCH) {
      const features = await spotify.audioFeatures(deps.userId, wanted.slice(i, i + FEATURES_BATCH));
      await db.transaction((tx) => saveFeatures(tx, features, new Date(clock.now())));
      report.fetched += features.length;
    }
    report.outcome = 'ok';
  } catch (error) {
    if (error instanceof TierGatedError) {
      logger.warn(
        "Audio features are not available to this Spotify app's tier (Development Mode); the feature columns stay empty",
      );
      report.outcome = 'gated';
    } else if (error instanceof DeferredError) report.outcome = 'deferred';
    else throw error;
  }
  return report;
}
