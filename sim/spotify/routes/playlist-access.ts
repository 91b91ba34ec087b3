/**
 * Who may do what with a playlist: owners modify (with the scope matching its
 * visibility); owners and collaborators read items.
 */

import { apiError, currentUser, forbidden, hasScope, notFound, type SimContext } from '../http.ts';
import type { SimPlaylist } from '../playlists.ts';
import type { SpotifySimState } from '../state.ts';

/** Modifying needs the scope that matches the playlist's visibility. */
export function canModify(c: SimContext, playlist: Pick<SimPlaylist, 'public'>): boolean {
  return hasScope(c, playlist.public ? 'playlist-modify-public' : 'playlist-modify-private');
}

export function canReadItems(c: SimContext, playlist: SimPlaylist): boolean {
  const userId = currentUser(c).spec.id;
  if (playlist.ownerId !== userId && !playlist.collaborative) return false;
  if (playlist.public) return true;
  return hasScope(c, playlist.collaborative ? 'playlist-read-collaborative' : 'playlist-read-private');
}

/** The playlist if the current user owns it; otherwise the response to send. */
export function ownedPlaylist(c: SimContext, state: SpotifySimState): SimPlaylist | Response {
  const playlist = state.playlistStore.get(c.req.param('id') ?? '');
  if (!playlist) return notFound(c);
  if (playlist.ownerId !== currentUser(c).spec.id) return forbidden(c);
  if (!canModify(c, playlist)) return apiError(c, 403, 'Insufficient client scope');
  return playlist;
}
