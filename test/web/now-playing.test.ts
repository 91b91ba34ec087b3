import { describe, expect, it } from 'vitest';
import { DeferredError } from '../../src/http/errors.ts';
import type { CurrentlyPlaying } from '../../src/spotify/schemas.ts';
import { ManualClock } from '../../src/util/clock.ts';
import { createNowPlaying, NOW_PLAYING_TTL_MS } from '../../src/web/now-playing.ts';

const playing: CurrentlyPlaying = {
  is_playing: true,
  progress_ms: 1000,
  item: {
    id: 't1',
    name: 'Song',
    duration_ms: 200000,
    album: { id: 'al1', name: 'Album' },
    artists: [{ id: 'a1', name: 'Artist' }],
  },
};

describe('now playing (unit)', () => {
  it('asks Spotify at most once per account per TTL, however often pages ask', async () => {
    const clock = new ManualClock(0);
    const calls: string[] = [];
    const nowPlaying = createNowPlaying({
      clock,
      spotify: {
        currentlyPlaying: async (userId: string) => {
          calls.push(userId);
          return playing;
        },
      },
    });
    const first = await nowPlaying('a');
    expect(first).toMatchObject({ state: 'playing', track: 'Song', artists: 'Artist' });
    await Promise.all([nowPlaying('a'), nowPlaying('a')]);
    clock.advance(NOW_PLAYING_TTL_MS - 1);
    await nowPlaying('a');
    expect(calls).toEqual(['a']);
    await nowPlaying('b');
    clock.advance(1);
    await nowPlaying('a');
    expect(calls).toEqual(['a', 'b', 'a']);
  });

  it('turns failures into a sentence and caches them too (no retry storm)', async () => {
    const clock = new ManualClock(0);
    let n = 0;
    const nowPlaying = createNowPlaying({
      clock,
      spotify: {
        currentlyPlaying: async () => {
          n++;
          throw new DeferredError('Spotify', '/v1/me/player?token=abc', 'rate_limited', 60_000);
        },
      },
    });
    const answer = await nowPlaying('a');
    expect(answer).toEqual({
      state: 'unavailable',
      message: 'Spotify asked encore to slow down; try again later.',
    });
    expect(JSON.stringify(answer)).not.toContain('abc');
    await nowPlaying('a');
    expect(n).toBe(1);
  });
});
