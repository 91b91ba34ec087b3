import type { SpotifyClient } from '../spotify/client.ts';
import { episode as episodeSchema, track as trackSchema } from '../spotify/schemas.ts';
import { DeferredError } from '../http/errors.ts';
import type { Clock } from '../util/clock.ts';

export type NowPlaying =
  | {
      state: 'playing' | 'paused';
      track: string;
      artists: string;
      trackId: string | null;
      progressMs: number;
    }
  | { state: 'idle' }
  | { state: 'unavailable'; message: string };

/** How long one answer from currently-playing is reused: page loads never cost a call each. */
export const NOW_PLAYING_TTL_MS = 30_000;

/**
 * "What is playing now", asked of Spotify at most once per account per TTL however often
 * the dashboard is opened. Concurrent requests share the call in flight.
 */
export function createNowPlaying(deps: { spotify: Pick<SpotifyClient, 'currentlyPlaying'>; clock: Clock }) {
  const cache = new Map<string, { at: number; value: Promise<NowPlaying> }>();
  return async (userId: string): Promise<NowPlaying> => {
    const now = deps.clock.now();
    const hit = cache.get(userId);
    if (hit && now - hit.at < NOW_PLAYING_TTL_MS) return hit.value;
    const value = ask(deps.spotify, userId);
    cache.set(userId, { at: now, value });
    return value;
  };
}

async function ask(spotify: Pick<SpotifyClient, 'currentlyPlaying'>, userId: string): Promise<NowPlaying> {
  try {
    const current = await spotify.currentlyPlaying(userId);
    if (!current) return { state: 'idle' };
    const parsed = trackSchema.safeParse(current.item);
    if (!parsed.success) return episodePlaying(current);
    return {
      state: current.is_playing ? 'playing' : 'paused',
      track: parsed.data.name,
      artists: (parsed.data.artists ?? []).map((a) => a.name).join(', '),
      trackId: parsed.data.id ?? null,
      progressMs: current.progress_ms ?? 0,
    };
  } catch (error) {
    // A quota pause or reconnect problem shows as a sentence; details are on the Status page.
    return {
      state: 'unavailable',
      message:
        error instanceof DeferredError
          ? 'Spotify asked encore to slow down; try again later.'
          : 'Spotify did not answer; see the Status page.',
    };
  }
}

/** A podcast episode plays as "episode — show"; anything unreadable is idle, not an error. */
function episodePlaying(
  current: NonNullable<Awaited<ReturnType<SpotifyClient['currentlyPlaying']>>>,
): NowPlaying {
  const parsed = episodeSchema.safeParse(current.item);
  if (!parsed.success) return { state: 'idle' };
  return {
    state: current.is_playing ? 'playing' : 'paused',
    track: parsed.data.name,
    artists: parsed.data.show?.name ?? parsed.data.show?.publisher ?? 'Podcast',
    trackId: null,
    progressMs: current.progress_ms ?? 0,
  };
}
