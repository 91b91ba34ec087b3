/**
 * "Make a playlist" of forgotten favourites: a one-off snapshot, created on Spotify through
 * the same calls managed playlists use (`POST /me/playlists`, then the items written 100
 * per call). It is not a managed playlist: nothing refreshes it, so it is not recorded in
 * `playlists` (whose rows the weekly refresh rewrites from a shows definition).
 */
import { loadForgotten } from '../analytics/rediscover.ts';
import type { SpotifyClient } from '../spotify/client.ts';
import type { Db } from '../store/db.ts';
import type { Clock } from '../util/clock.ts';
import type { Logger } from '../util/logger.ts';
import { localDay } from '../util/zones.ts';
import { PlaylistInputError } from './definition.ts';
import { writePlaylistItems } from './spotify-write.ts';

export interface ForgottenPlaylistDeps {
  db: Db;
  spotify: SpotifyClient;
  clock: Clock;
  logger: Logger;
}

export interface ForgottenPlaylistInput {
  userId: string;
  timeZone: string;
  months: number;
  minPlays?: number;
}

export interface ForgottenPlaylistResult {
  spotifyPlaylistId: string;
  name: string;
  tracks: number;
  /** Forgotten tracks known by name only: no Spotify id to put on a playlist. */
  skipped: number;
}

/** Spotify caps a playlist description at 300 characters; ours stays well below. */
export async function createForgottenPlaylist(
  deps: ForgottenPlaylistDeps,
  input: ForgottenPlaylistInput,
): Promise<ForgottenPlaylistResult> {
  const now = deps.clock.now();
  const forgotten = await loadForgotten(deps.db, {
    userId: input.userId,
    timeZone: input.timeZone,
    now,
    months: input.months,
    ...(input.minPlays === undefined ? {} : { minPlays: input.minPlays }),
    limit: 100,
  });
  const ids = [...new Set(forgotten.tracks.flatMap((t) => (t.trackId ? [t.trackId] : [])))];
  if (!ids.length)
    throw new PlaylistInputError(
      forgotten.tracks.length
        ? 'None of your forgotten favourites has a Spotify track id yet (run `encore resolve`); no playlist was made.'
        : `No forgotten favourites: nothing you streamed ${forgotten.minPlays}+ times is missing from the last ${forgotten.months} months.`,
    );
  const today = localDay(now, input.timeZone);
  const name = `Forgotten favourites · ${today}`;
  const made = await deps.spotify.createPlaylist(input.userId, {
    name,
    description: `Songs you played a lot and not since ${forgotten.since} (${ids.length} tracks). Made by encore on ${today}.`,
    public: false,
  });
  await writePlaylistItems(deps.spotify, input.userId, made.id, ids);
  deps.logger.info('forgotten favourites playlist created', { tracks: ids.length, months: forgotten.months });
  return {
    spotifyPlaylistId: made.id,
    name,
    tracks: ids.length,
    skipped: forgotten.tracks.length - ids.length,
  };
}
