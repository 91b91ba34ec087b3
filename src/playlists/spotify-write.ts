/**
 * Writing a managed playlist on Spotify, in place: `PUT /playlists/{id}/items` replaces
 * everything with the first 100 tracks, then `POST` appends the rest 100 at a time (the
 * API's per-call limit). The playlist keeps its id, followers and link.
 */
import { HttpError } from '../http/index.ts';
import type { SpotifyClient } from '../spotify/client.ts';

export const ITEMS_PER_CALL = 100;

/** Replaces the playlist's items; returns the last snapshot id. */
export async function writePlaylistItems(
  spotify: SpotifyClient,
  userId: string,
  playlistId: string,
  trackIds: readonly string[],
): Promise<string> {
  const uris = trackIds.map((id) => `spotify:track:${id}`);
  let snapshot = await spotify.replacePlaylistItems(userId, playlistId, uris.slice(0, ITEMS_PER_CALL));
  for (let at = ITEMS_PER_CALL; at < uris.length; at += ITEMS_PER_CALL) {
    snapshot = await spotify.addPlaylistItems(userId, playlistId, uris.slice(at, at + ITEMS_PER_CALL));
  }
  return snapshot;
}

/**
 * Updates the description; false when the playlist no longer exists on Spotify (the
 * user deleted it). Any other refusal (403: not theirs any more) is an error.
 */
export async function updateDescription(
  spotify: SpotifyClient,
  userId: string,
  playlistId: string,
  description: string,
): Promise<boolean> {
  try {
    await spotify.updatePlaylistDetails(userId, playlistId, { description });
    return true;
  } catch (error) {
    if (error instanceof HttpError && error.status === 404) return false;
    throw error;
  }
}

/** Spotify caps descriptions at 300 characters. */
export function playlistDescription(p: {
  placeName: string;
  windowDays: number;
  until: string;
  updated: string;
  tracks: number;
  filters: string[];
}): string {
  const filters = p.filters.length ? ` (${p.filters.join(', ')})` : '';
  const text =
    `Songs by the artists playing near ${p.placeName} in the next ${p.windowDays} days (to ${p.until})${filters}, ` +
    `soonest show first. ${p.tracks} tracks. Updated ${p.updated} by encore.`;
  return text.length <= 300 ? text : `${text.slice(0, 299)}…`;
}
