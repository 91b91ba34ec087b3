/**
 * Payload shapes seen in the wild (public projects' captured responses) that are valid
 * JSON and mostly right, but differ from today's documentation in one item:
 * - recently-played: the first track has no `album` (the older shape);
 * - currently-playing: an episode instead of a track, with `progress_ms` as a string;
 * - `/me/playlists`: one extra playlist with `id: null`.
 * A client must read the rest of the page and skip (or degrade) only the odd item.
 */
type Json = Record<string, unknown>;

export const WILD_EPISODE = {
  type: 'episode',
  id: '5wildEpisode00000000001',
  uri: 'spotify:episode:5wildEpisode00000000001',
  name: 'Episode 112: Records that changed us',
  duration_ms: 3_120_000,
  show: { id: '4wildShow000000000000001', name: 'The Long Play', publisher: 'Simulated Radio' },
} as const;

export function wildPayload(path: string, body: unknown): unknown {
  if (path.includes('/me/player/currently-playing')) return wildCurrentlyPlaying(body);
  if (!body || typeof body !== 'object') return body;
  const root = structuredClone(body) as Json;
  if (path.includes('/me/player/recently-played')) stripFirstAlbum(root);
  else if (/\/playlists$/.test(path)) addNullIdPlaylist(root);
  return root;
}

function wildCurrentlyPlaying(body: unknown): Json {
  const base = body && typeof body === 'object' ? (body as Json) : {};
  return {
    timestamp: base.timestamp ?? Date.now(),
    context: null,
    is_playing: true,
    currently_playing_type: 'episode',
    progress_ms: '51234',
    item: WILD_EPISODE,
  };
}

function stripFirstAlbum(root: Json): void {
  const items = Array.isArray(root.items) ? (root.items as Json[]) : [];
  const track = items[0]?.track as Json | undefined;
  if (track && typeof track === 'object') delete track.album;
}

function addNullIdPlaylist(root: Json): void {
  if (!Array.isArray(root.items)) return;
  root.items.push({
    id: null,
    name: 'A playlist whose id Spotify left out',
    uri: null,
    snapshot_id: null,
    owner: null,
  });
}
