/**
 * Streams and minutes per artist for one user, all time: the same count as the Shows
 * badge and the dashboard (src/analytics/artist-streams.ts), so "you streamed them 12
 * times" in an alert is the number the pages show. Minutes are whole minutes listened.
 */
import { type ArtistRef, streamsByArtist } from '../analytics/artist-streams.ts';
import type { Queryable } from '../store/db.ts';
import type { ArtistListening } from './thresholds.ts';

export async function listeningByArtist(
  db: Queryable,
  userId: string,
  artists: readonly ArtistRef[],
): Promise<Map<string, ArtistListening>> {
  const streams = await streamsByArtist(db, userId, artists);
  return new Map(
    [...streams].map(([id, s]) => [id, { plays: s.streams, minutes: Math.floor(s.ms / 60_000) }]),
  );
}
