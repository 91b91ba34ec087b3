/** Managed playlists of the shows near a place. See README "Playlists". */
export { buildPlaylistTracks } from './build.ts';
export {
  type Audience,
  DEFAULT_MAX_TRACKS,
  DEFAULT_TRACKS_PER_ARTIST,
  type DefinitionInput,
  describeDefinition,
  type PlaylistDefinition,
  PlaylistInputError,
  parseDefinition,
} from './definition.ts';
export { type ArtistSlot, type PlaylistTrack, rankPlaylistTracks, type TrackPick } from './rank.ts';
export {
  createPlaylist,
  type CreatePlaylistInput,
  type PlaylistDeps,
  type PlaylistResult,
  refreshPlaylist,
} from './refresh.ts';
export { ITEMS_PER_CALL, writePlaylistItems } from './spotify-write.ts';
export {
  findManagedPlaylist,
  listManagedPlaylists,
  type ManagedPlaylist,
  type PlaylistChange,
} from './store.ts';
