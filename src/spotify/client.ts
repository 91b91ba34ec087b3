import type { z } from 'zod';
import {
  type HttpClient,
  HttpError,
  type HttpResponse,
  InvalidResponseError,
  type RequestOptions,
} from '../http/index.ts';
import type { Clock } from '../util/clock.ts';
import { Capabilities, type GatedFeature, TierGatedError } from './capabilities.ts';
import * as S from './schemas.ts';
import type { AccessTokenProvider } from './token-provider.ts';

export interface RecentlyPlayedQuery {
  limit?: number;
  after?: number;
  before?: number;
  /** A `next` link from a previous page (takes precedence). */
  url?: string;
}

/**
 * Typed Spotify Web API endpoints. Every response is validated with zod; user calls carry
 * that user's access token, and one 401 triggers a single forced refresh and retry.
 */
export class SpotifyClient {
  readonly capabilities: Capabilities;

  constructor(
    private readonly http: HttpClient,
    private readonly tokens: AccessTokenProvider,
    private readonly clock: Clock,
    capabilities?: Capabilities,
  ) {
    this.capabilities = capabilities ?? new Capabilities();
  }

  get counter() {
    return this.http.counter;
  }

  private async call<T>(userId: string, request: RequestOptions<T>): Promise<HttpResponse<T>> {
    const token = await this.tokens.accessToken(userId);
    try {
      return await this.http.request({
        ...request,
        headers: { ...request.headers, Authorization: `Bearer ${token}` },
      });
    } catch (error) {
      if (!(error instanceof HttpError) || error.status !== 401) throw error;
      const fresh = await this.tokens.accessToken(userId, { forceRefresh: true });
      return this.http.request({
        ...request,
        headers: { ...request.headers, Authorization: `Bearer ${fresh}` },
      });
    }
  }

  /** Calls a tier-gated endpoint: a 403 turns the feature off and throws TierGatedError. */
  private async gated<T>(
    feature: GatedFeature,
    userId: string,
    request: RequestOptions<T>,
  ): Promise<HttpResponse<T>> {
    if (!this.capabilities.mayTry(feature, this.clock.now())) throw new TierGatedError(feature);
    try {
      const res = await this.call(userId, request);
      await this.capabilities.record(feature, true, this.clock.now());
      return res;
    } catch (error) {
      if (error instanceof HttpError && error.status === 403) {
        await this.capabilities.record(feature, false, this.clock.now());
        throw new TierGatedError(feature);
      }
      throw error;
    }
  }

  async me(userId: string): Promise<S.Me> {
    return (await this.call(userId, { path: '/me', schema: S.me })).data!;
  }

  /** Who owns a fresh access token (during connect, before anything is stored). */
  async meWithToken(accessToken: string): Promise<S.Me> {
    return (
      await this.http.request({
        path: '/me',
        schema: S.me,
        headers: { Authorization: `Bearer ${accessToken}` },
      })
    ).data!;
  }

  /** One page of recently-played; items are left unvalidated for per-item handling. */
  async recentlyPlayed(
    userId: string,
    query: RecentlyPlayedQuery = {},
  ): Promise<{ page: z.infer<typeof S.recentlyPlayedPage>; text: string }> {
    const res = query.url
      ? await this.call(userId, {
          path: query.url,
          schema: S.recentlyPlayedPage,
          endpoint: 'GET /me/player/recently-played',
        })
      : await this.call(userId, {
          path: '/me/player/recently-played',
          query: { limit: query.limit ?? 50, after: query.after, before: query.before },
          schema: S.recentlyPlayedPage,
        });
    return { page: res.data!, text: res.text };
  }

  /** What is playing now, or null (204: nothing playing or a private session). */
  async currentlyPlaying(userId: string): Promise<S.CurrentlyPlaying | null> {
    const res = await this.call(userId, {
      path: '/me/player/currently-playing',
      query: { additional_types: 'track,episode' },
      schema: S.currentlyPlaying,
    });
    return res.status === 204 || !res.data ? null : res.data;
  }

  async artist(userId: string, id: string): Promise<S.Artist | null> {
    // 404/400 bodies are error objects: validate only a 200 (else a dead id reads as a bad response).
    const res = await this.call(userId, {
      path: `/artists/${encodeURIComponent(id)}`,
      acceptStatus: [404, 400],
    });
    return res.status === 200 ? validated(S.fullArtist, res, 'GET /artists/{id}') : null;
  }

  async track(userId: string, id: string): Promise<S.Track | null> {
    const res = await this.call(userId, {
      path: `/tracks/${encodeURIComponent(id)}`,
      acceptStatus: [404, 400],
    });
    return res.status === 200 ? validated(S.track, res, 'GET /tracks/{id}') : null;
  }

  async searchArtists(userId: string, q: string, limit = 10): Promise<S.Artist[]> {
    const res = await this.call(userId, {
      path: '/search',
      query: { q, type: 'artist', limit },
      schema: S.artistSearch,
    });
    return res.data!.artists.items;
  }

  async searchTracks(userId: string, q: string, limit = 10): Promise<S.Track[]> {
    const res = await this.call(userId, {
      path: '/search',
      query: { q, type: 'track', limit },
      schema: S.trackSearch,
    });
    return res.data!.tracks.items;
  }

  /** Extended tier only. */
  async topTracks(userId: string, artistId: string, market = 'US'): Promise<S.Track[]> {
    const res = await this.gated('topTracks', userId, {
      path: `/artists/${artistId}/top-tracks`,
      query: { market },
      schema: S.topTracks,
    });
    return res.data!.tracks;
  }

  /** Extended tier only; up to 100 ids per call. */
  async audioFeatures(userId: string, trackIds: string[]): Promise<S.AudioFeatures[]> {
    const res = await this.gated('audioFeatures', userId, {
      path: '/audio-features',
      query: { ids: trackIds.join(',') },
      schema: S.audioFeatures,
    });
    return res.data!.audio_features.filter((f): f is S.AudioFeatures => f !== null);
  }

  async createPlaylist(
    userId: string,
    body: { name: string; description?: string; public?: boolean },
  ): Promise<S.Playlist> {
    return (
      await this.call(userId, { method: 'POST', path: '/me/playlists', json: body, schema: S.playlist })
    ).data!;
  }

  /** The playlist, or null when it no longer exists (deleted or unfollowed). */
  async getPlaylist(userId: string, playlistId: string): Promise<S.Playlist | null> {
    const res = await this.call(userId, {
      path: `/playlists/${playlistId}`,
      schema: S.playlist,
      acceptStatus: [404],
    });
    return res.status === 404 ? null : res.data!;
  }

  /**
   * The current user's playlists, every page. Items are checked one by one: a playlist
   * without an id (seen in the wild as `id: null`) is skipped and counted, never the page.
   */
  async myPlaylists(userId: string, maxPages = 20): Promise<{ playlists: S.Playlist[]; skipped: number }> {
    const playlists: S.Playlist[] = [];
    let skipped = 0;
    let next: string | null | undefined;
    for (let page = 0; page < maxPages; page++) {
      const res = next
        ? await this.call(userId, { path: next, schema: S.playlistListPage, endpoint: 'GET /me/playlists' })
        : await this.call(userId, {
            path: '/me/playlists',
            query: { limit: 50 },
            schema: S.playlistListPage,
          });
      for (const raw of res.data!.items) {
        const parsed = S.playlist.safeParse(raw);
        if (parsed.success) playlists.push(parsed.data);
        else skipped += 1;
      }
      next = res.data!.next;
      if (!next) break;
    }
    return { playlists, skipped };
  }

  async updatePlaylistDetails(
    userId: string,
    playlistId: string,
    body: { name?: string; description?: string },
  ): Promise<void> {
    await this.call(userId, { method: 'PUT', path: `/playlists/${playlistId}`, json: body });
  }

  /** Replaces the playlist's items with up to 100 URIs. */
  async replacePlaylistItems(userId: string, playlistId: string, uris: string[]): Promise<string> {
    const res = await this.call(userId, {
      method: 'PUT',
      path: `/playlists/${playlistId}/items`,
      json: { uris },
      schema: S.snapshot,
    });
    return res.data!.snapshot_id;
  }

  async addPlaylistItems(userId: string, playlistId: string, uris: string[]): Promise<string> {
    const res = await this.call(userId, {
      method: 'POST',
      path: `/playlists/${playlistId}/items`,
      json: { uris },
      schema: S.snapshot,
    });
    return res.data!.snapshot_id;
  }
}

function validated<T>(schema: z.ZodType<T>, res: HttpResponse<unknown>, endpoint: string): T {
  const result = schema.safeParse(res.data);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new InvalidResponseError(
    'spotify',
    endpoint,
    `${issue?.path.join('.') || 'body'}: ${issue?.message}`,
    res.text,
  );
}
