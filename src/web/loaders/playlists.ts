import { type NamedTrack, trackNames } from '../../analytics/track-names.ts';
import type { Place } from '../../events/types.ts';
import {
  createPlaylist,
  listManagedPlaylists,
  type PlaylistDefinition,
  type PlaylistDeps,
  parseDefinition,
  refreshPlaylist,
} from '../../playlists/index.ts';
import { type PlaylistPreview, previewPlaylist } from '../../playlists/preview.ts';
import { getManagedPlaylist, type ManagedPlaylist } from '../../playlists/store.ts';
import { listPlaces } from '../../store/places.ts';
import type { WebDeps, WebUser } from '../context.ts';
import type { PlaylistForm } from '../views/playlists.ts';

/** The form as a definition; throws PlaylistInputError with a sentence for a bad value. */
function definitionOf(f: PlaylistForm): PlaylistDefinition {
  return parseDefinition({
    placeId: f.placeId,
    window: f.windowDays,
    ...(f.genre ? { genre: f.genre } : {}),
    onlyKnown: f.audience === 'known',
    onlyNew: f.audience === 'new',
    tracksPerArtist: f.tracksPerArtist,
    maxTracks: f.maxTracks,
  });
}

function playlistDeps(deps: WebDeps, user: WebUser): PlaylistDeps {
  return {
    db: deps.db,
    spotify: deps.services.spotify.client,
    clock: deps.clock,
    logger: deps.logger,
    timeZone: user.timeZone,
  };
}

/** The user's playlist with exactly this definition, if any: creating it again would be a copy. */
async function sameDefinition(
  deps: WebDeps,
  userId: string,
  def: PlaylistDefinition,
): Promise<ManagedPlaylist | undefined> {
  const same = (a: typeof def, b: typeof def) =>
    (Object.keys(a) as Array<keyof typeof def>).every((k) => a[k] === b[k]);
  return (await listManagedPlaylists(deps.db, userId)).find((p) => same(p.definition, def));
}

/** The account's playlists and the places a new one can be made for. */
export async function loadPlaylistsPage(deps: WebDeps, user: WebUser) {
  const places = await listPlaces(deps.db);
  const mine = await listManagedPlaylists(deps.db, user.userId);
  return { places, mine, placeNames: new Map(places.map((p) => [p.id, p.name])) };
}

export type PreviewPage =
  | { problem: 'no-place' | 'unknown-place'; places: Place[]; placeId: string }
  | {
      problem?: undefined;
      places: Place[];
      /** The form as sent, with the first place when it named none. */
      form: PlaylistForm;
      definition: PlaylistDefinition;
      place: Place;
      preview: PlaylistPreview;
      duplicate: ManagedPlaylist | undefined;
      name: string;
    };

/**
 * The tracks a definition would put in a playlist, in order, and whether the account
 * already has one like it. No place at all, or one that is not among them, is a problem
 * instead of "Shows near nowhere".
 */
export async function loadPreview(deps: WebDeps, user: WebUser, sent: PlaylistForm): Promise<PreviewPage> {
  const places = await listPlaces(deps.db);
  const form = { ...sent, placeId: sent.placeId || (places[0]?.id ?? '') };
  if (!places.length) return { problem: 'no-place', places, placeId: form.placeId };
  if (!places.some((p) => p.id === form.placeId))
    return { problem: 'unknown-place', places, placeId: form.placeId };
  const definition = definitionOf(form);
  const place = places.find((p) => p.id === definition.placeId)!;
  const preview = await previewPlaylist(deps.db, definition, user.userId, deps.clock, place.name);
  const duplicate = await sameDefinition(deps, user.userId, definition);
  return {
    places,
    form,
    definition,
    place,
    preview,
    duplicate,
    name: form.name || `Shows near ${place.name}`,
  };
}

/** Creates the playlist on Spotify, unless the account already has one with this definition. */
export async function createPlaylistOnce(
  deps: WebDeps,
  user: WebUser,
  form: PlaylistForm,
): Promise<{ existing: ManagedPlaylist } | { key: string }> {
  const existing = await sameDefinition(deps, user.userId, definitionOf(form));
  if (existing) return { existing };
  const result = await createPlaylist(playlistDeps(deps, user), {
    userId: user.userId,
    definition: definitionOf(form),
    ...(form.name ? { name: form.name } : {}),
  });
  return { key: result.key };
}

/** The account's own playlist by key (another account's is not there), or undefined. */
async function ownPlaylist(deps: WebDeps, user: WebUser, key: string): Promise<ManagedPlaylist | undefined> {
  const p = await getManagedPlaylist(deps.db, key);
  return p && p.userId === user.userId ? p : undefined;
}

/** One playlist with the names of the tracks encore last wrote to it, and its place. */
export async function loadPlaylistPage(
  deps: WebDeps,
  user: WebUser,
  key: string,
): Promise<{ p: ManagedPlaylist; tracks: NamedTrack[]; place: Place | undefined } | undefined> {
  const p = await ownPlaylist(deps, user, key);
  if (!p) return undefined;
  const tracks = await trackNames(deps.db, p.trackIds ?? []);
  const place = (await listPlaces(deps.db)).find((x) => x.id === p.definition.placeId);
  return { p, tracks, place };
}

/** Rewrites the account's playlist in place; false when it has no such playlist. */
export async function refreshOwnPlaylist(deps: WebDeps, user: WebUser, key: string): Promise<boolean> {
  const p = await ownPlaylist(deps, user, key);
  if (!p) return false;
  await refreshPlaylist(playlistDeps(deps, user), p.key);
  return true;
}
