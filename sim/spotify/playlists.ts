/**
 * Playlists the simulated users own. Every change bumps the snapshot id, as Spotify
 * does; a playlist the user deleted (unfollowed) is gone for the API (404).
 */
import type { Clock } from '../../src/util/clock.ts';
import { base62Id, createRng, deriveSeed, type Rng } from './rng.ts';

export interface PlaylistEntry {
  uri: string;
  addedAt: number;
  addedBy: string;
}

export interface SimPlaylist {
  id: string;
  ownerId: string;
  name: string;
  description: string | null;
  public: boolean;
  collaborative: boolean;
  entries: PlaylistEntry[];
  snapshotId: string;
  createdAt: number;
  deleted: boolean;
}

export interface PlaylistDetails {
  name?: string;
  description?: string | null;
  public?: boolean;
  collaborative?: boolean;
}

export class PlaylistStore {
  private readonly playlists = new Map<string, SimPlaylist>();
  private readonly rng: Rng;
  private version = 0;

  constructor(
    private readonly clock: Clock,
    seed: number,
  ) {
    this.rng = createRng(deriveSeed(seed, 'playlists'));
  }

  create(ownerId: string, details: PlaylistDetails & { name: string }): SimPlaylist {
    const playlist: SimPlaylist = {
      id: base62Id(this.rng),
      ownerId,
      name: details.name,
      description: details.description ?? null,
      public: details.public ?? true,
      collaborative: details.collaborative ?? false,
      entries: [],
      snapshotId: '',
      createdAt: this.clock.now(),
      deleted: false,
    };
    this.touch(playlist);
    this.playlists.set(playlist.id, playlist);
    return playlist;
  }

  /**
   * Puts back a playlist a previous run of the simulator held, under its old id (Spotify
   * keeps playlists; an in-process simulator forgets them when its process ends).
   * An id already present is left as it is.
   */
  restore(p: {
    id: string;
    ownerId: string;
    name: string;
    description?: string | null;
    uris: string[];
  }): void {
    if (this.playlists.has(p.id)) return;
    const playlist: SimPlaylist = {
      id: p.id,
      ownerId: p.ownerId,
      name: p.name,
      description: p.description ?? null,
      public: true,
      collaborative: false,
      entries: p.uris.map((uri) => this.entry(uri, p.ownerId)),
      snapshotId: '',
      createdAt: this.clock.now(),
      deleted: false,
    };
    this.touch(playlist);
    this.playlists.set(playlist.id, playlist);
  }

  /** A live playlist; deleted ones are invisible. */
  get(id: string): SimPlaylist | undefined {
    const playlist = this.playlists.get(id);
    return playlist && !playlist.deleted ? playlist : undefined;
  }

  /** The user's live playlists, oldest first. */
  ofUser(userId: string): SimPlaylist[] {
    return [...this.playlists.values()].filter((p) => p.ownerId === userId && !p.deleted);
  }

  updateDetails(playlist: SimPlaylist, details: PlaylistDetails): void {
    if (details.name !== undefined) playlist.name = details.name;
    if (details.description !== undefined) playlist.description = details.description;
    if (details.public !== undefined) playlist.public = details.public;
    if (details.collaborative !== undefined) playlist.collaborative = details.collaborative;
    this.touch(playlist);
  }

  replace(playlist: SimPlaylist, uris: string[], by: string): void {
    playlist.entries = uris.map((uri) => this.entry(uri, by));
    this.touch(playlist);
  }

  add(playlist: SimPlaylist, uris: string[], by: string, position?: number): void {
    const at = position === undefined ? playlist.entries.length : Math.min(position, playlist.entries.length);
    playlist.entries.splice(at, 0, ...uris.map((uri) => this.entry(uri, by)));
    this.touch(playlist);
  }

  /** Removes every occurrence of each uri, as a uri-only DELETE does. */
  remove(playlist: SimPlaylist, uris: string[]): void {
    const gone = new Set(uris);
    playlist.entries = playlist.entries.filter((e) => !gone.has(e.uri));
    this.touch(playlist);
  }

  /** Moves `rangeLength` entries starting at `rangeStart` to before `insertBefore`. */
  reorder(playlist: SimPlaylist, rangeStart: number, insertBefore: number, rangeLength = 1): void {
    const moved = playlist.entries.splice(rangeStart, rangeLength);
    const target = insertBefore > rangeStart ? insertBefore - moved.length : insertBefore;
    playlist.entries.splice(target, 0, ...moved);
    this.touch(playlist);
  }

  /** The owner deleted (unfollowed) it: every later API call gets 404. */
  delete(id: string): boolean {
    const playlist = this.playlists.get(id);
    if (!playlist || playlist.deleted) return false;
    playlist.deleted = true;
    return true;
  }

  private entry(uri: string, by: string): PlaylistEntry {
    return { uri, addedAt: this.clock.now(), addedBy: by };
  }

  /** Snapshot ids are opaque; these look like Spotify's base64 strings and never repeat. */
  private touch(playlist: SimPlaylist): void {
    this.version += 1;
    const raw = `${this.version},${playlist.id},${base62Id(this.rng, 16)}`;
    playlist.snapshotId = Buffer.from(raw).toString('base64');
  }
}
