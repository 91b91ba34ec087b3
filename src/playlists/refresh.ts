/**
 * Creating and refreshing managed playlists. A playlist is created once
 * (`POST /me/playlists`) and from then on rewritten in place; when the user deleted it
 * on Spotify, it is created again and the result says so. Only playlists listed in
 * encore's `playlists` table are ever touched.
 */
import type { Place } from '../events/types.ts';
import type { SpotifyClient } from '../spotify/client.ts';
import type { Queryable } from '../store/db.ts';
import { getPlace } from '../store/places.ts';
import type { Clock } from '../util/clock.ts';
import type { Logger } from '../util/logger.ts';
import { localDay } from '../util/zones.ts';
import { buildPlaylistTracks } from './build.ts';
import { type PlaylistDefinition, PlaylistInputError } from './definition.ts';
import type { PlaylistTrack } from './rank.ts';
import { playlistDescription, updateDescription, writePlaylistItems } from './spotify-write.ts';
import {
  getManagedPlaylist,
  insertPlaylist,
  type ManagedPlaylist,
  newPlaylistKey,
  type PlaylistChange,
  recordRefresh,
  recordSpotifyPlaylist,
} from './store.ts';

export interface PlaylistDeps {
  db: Queryable;
  spotify: SpotifyClient;
  clock: Clock;
  logger: Logger;
  /** For the "updated" date in descriptions; default UTC. */
  timeZone?: string;
}

export interface PlaylistResult {
  key: string;
  name: string;
  spotifyPlaylistId: string;
  tracks: PlaylistTrack[];
  change: PlaylistChange;
  /** Created on Spotify by this call (first time). */
  created: boolean;
  /** The user had deleted it on Spotify; it was created again under a new id. */
  recreated: boolean;
  /** The id it had before it was recreated. */
  previousSpotifyId: string | null;
  /** False when the tracks were already what encore last wrote (no item calls made). */
  itemsWritten: boolean;
}

export interface CreatePlaylistInput {
  userId: string;
  definition: PlaylistDefinition;
  name?: string;
}

const DAY_MS = 86_400_000;

/** Records the definition, then creates the playlist on Spotify and fills it. */
export async function createPlaylist(
  deps: PlaylistDeps,
  input: CreatePlaylistInput,
): Promise<PlaylistResult> {
  const place = await requirePlace(deps.db, input.definition.placeId);
  const key = newPlaylistKey();
  const name = input.name?.trim() || `Shows near ${place.name}`;
  await insertPlaylist(deps.db, {
    key,
    userId: input.userId,
    name,
    definition: input.definition,
    now: new Date(deps.clock.now()),
  });
  return refreshPlaylist(deps, key);
}

/** Rebuilds the playlist's tracks and writes them to its Spotify playlist, in place. */
export async function refreshPlaylist(deps: PlaylistDeps, key: string): Promise<PlaylistResult> {
  const { db, spotify, clock } = deps;
  const playlist = await getManagedPlaylist(db, key);
  if (!playlist)
    throw new PlaylistInputError(
      `No playlist "${key}" among encore's playlists (see \`encore playlist list\`); encore only changes playlists it created.`,
    );
  const place = await requirePlace(db, playlist.definition.placeId);
  const tracks = await buildPlaylistTracks(db, playlist.definition, playlist.userId, clock);
  const ids = tracks.map((t) => t.trackId);
  const description = describe(deps, playlist, place, tracks.length);

  let spotifyId = playlist.spotifyPlaylistId;
  let created = false;
  let recreated = false;
  if (spotifyId === null) {
    spotifyId = await createOnSpotify(deps, playlist, description);
    created = true;
  } else if (!(await updateDescription(spotify, playlist.userId, spotifyId, description))) {
    deps.logger.warn('managed playlist was deleted on Spotify; creating it again', {
      playlist: playlist.key,
      spotify_id: spotifyId,
    });
    spotifyId = await createOnSpotify(deps, playlist, description);
    recreated = true;
  }
  const fresh = created || recreated;
  const unchanged = !fresh && playlist.trackIds !== null && sameList(playlist.trackIds, ids);
  const needsItems = !unchanged && !(fresh && ids.length === 0);
  const snapshot = needsItems ? await writePlaylistItems(spotify, playlist.userId, spotifyId, ids) : null;
  const change = diff(playlist.trackIds ?? [], ids);
  await recordRefresh(db, key, {
    trackIds: ids,
    snapshotId: snapshot,
    at: new Date(clock.now()),
    change: { ...change, tracks: ids.length, created, recreated },
  });
  return {
    key,
    name: playlist.name,
    spotifyPlaylistId: spotifyId,
    tracks,
    change,
    created,
    recreated,
    previousSpotifyId: recreated ? playlist.spotifyPlaylistId : null,
    itemsWritten: needsItems,
  };
}

async function createOnSpotify(
  deps: PlaylistDeps,
  playlist: ManagedPlaylist,
  description: string,
): Promise<string> {
  const made = await deps.spotify.createPlaylist(playlist.userId, {
    name: playlist.name,
    description,
    public: false,
  });
  await recordSpotifyPlaylist(deps.db, playlist.key, made.id);
  return made.id;
}

async function requirePlace(db: Queryable, placeId: string): Promise<Place> {
  const place = await getPlace(db, placeId);
  if (!place)
    throw new PlaylistInputError(
      `No place "${placeId}". Add it with \`encore places add\` (see \`encore places list\`).`,
    );
  return place;
}

function describe(deps: PlaylistDeps, playlist: ManagedPlaylist, place: Place, tracks: number): string {
  const now = deps.clock.now();
  const day = (ms: number) => localDay(ms, deps.timeZone ?? 'UTC');
  const def = playlist.definition;
  const filters = [
    ...(def.genre ? [def.genre] : []),
    ...(def.audience === 'known'
      ? ['artists you play']
      : def.audience === 'new'
        ? ['artists new to you']
        : []),
  ];
  return playlistDescription({
    placeName: place.name,
    windowDays: def.windowDays,
    until: day(now + def.windowDays * DAY_MS),
    updated: day(now),
    tracks,
    filters,
  });
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}

function diff(before: readonly string[], after: readonly string[]): PlaylistChange {
  const old = new Set(before);
  const now = new Set(after);
  const kept = [...now].filter((id) => old.has(id)).length;
  return { added: now.size - kept, removed: old.size - kept, kept };
}
