import type { PlayHistoryItem } from '../spotify/schemas.ts';

/** A play as the capture job stores it. */
export interface CapturedPlay {
  userId: string;
  trackId: string;
  playedAtMs: number;
  trackName: string;
  artistName: string;
  albumName: string | null;
  durationMs: number;
  contextUri: string | null;
}

/** Local files have no track id; they cannot be keyed and are counted, not stored. */
export function toCapturedPlay(userId: string, item: PlayHistoryItem): CapturedPlay | null {
  if (!item.track.id) return null;
  return {
    userId,
    trackId: item.track.id,
    playedAtMs: Date.parse(item.played_at),
    trackName: item.track.name,
    artistName: item.track.artists[0]?.name ?? '',
    albumName: item.track.album?.name ?? null,
    durationMs: item.track.duration_ms,
    contextUri: item.context?.uri ?? null,
  };
}

export function playKey(play: Pick<CapturedPlay, 'trackId' | 'playedAtMs'>): string {
  return `${play.trackId}@${play.playedAtMs}`;
}
