import { type Fields, flag, isRecord, isoTime, msPlayed, text } from '../fields.ts';
import { keyForId, spotifyId } from '../keys.ts';
import { type PlayKind, type RowOutcome, SOURCE_EXTENDED, type StagedPlay } from '../types.ts';

/** The key of every unidentified play: the row names nothing, so only its time tells plays apart. */
export const UNIDENTIFIED_KEY = 'unidentified';

/**
 * Spotify's extended streaming history (`Streaming_History_Audio_*.json`): one object per
 * play, `ts` = end of play in UTC. What the row is of decides its kind: a track URI or
 * track name → track; an episode URI or name → episode; an audiobook URI or title →
 * audiobook. A row with none of these but real listening time (ms_played > 0) is stored
 * as `unidentified` listening — Spotify does write such rows, and dropping them would
 * undercount minutes per day — unless it carries video fields (skipped video). IP
 * addresses and countries are not stored.
 */
export function readExtendedRow(raw: unknown, nowMs: number): RowOutcome {
  return readRow(raw, nowMs, false);
}

/**
 * The video history (`Streaming_History_Video_*.json`) has the audio history's fields and
 * carries real track and episode plays, which are read like any other; there a row that
 * names nothing is a video that was watched, and is counted as skipped video.
 */
export function readVideoHistoryRow(raw: unknown, nowMs: number): RowOutcome {
  return readRow(raw, nowMs, true);
}

function readRow(raw: unknown, nowMs: number, videoFile: boolean): RowOutcome {
  if (!isRecord(raw)) return { reject: 'row is not an object' };
  const time = isoTime(raw.ts, 'ts', nowMs);
  if (!time.ok) return { reject: time.why };
  const ms = msPlayed(raw.ms_played, 'ms_played');
  if (!ms.ok) return { reject: ms.why };
  const identity =
    identify(raw) ?? (videoFile || hasVideoFields(raw) ? 'video' : unidentified(raw, ms.value));
  if (identity === 'video') return { video: true };
  if (identity === null) return { reject: 'no track, episode or audiobook in the row, and no time played' };
  // Built field by field: an object spread here costs more than everything else per row.
  const play: StagedPlay = {
    trackKey: identity.trackKey,
    playedAtMs: time.ms,
    trackId: identity.trackId,
    kind: identity.kind,
    trackName: identity.trackName,
    artistName: identity.artistName,
    albumName: identity.albumName,
    msPlayed: ms.value,
    msPlayedSource: ms.value === null ? null : 'export',
    contextUri: null,
    source: SOURCE_EXTENDED,
    skipped: flag(raw.skipped),
    shuffle: flag(raw.shuffle),
    platform: text(raw.platform),
  };
  return { play };
}

type Identity = Pick<StagedPlay, 'trackKey' | 'trackId' | 'kind' | 'trackName' | 'artistName' | 'albumName'>;

function identify(raw: Fields): Identity | null {
  const trackName = text(raw.master_metadata_track_name);
  const trackId = spotifyId(text(raw.spotify_track_uri), 'track');
  if (trackId || trackName) {
    return {
      kind: 'track',
      trackKey: trackId,
      trackId,
      trackName,
      artistName: text(raw.master_metadata_album_artist_name),
      albumName: text(raw.master_metadata_album_album_name),
    };
  }
  const episodeName = text(raw.episode_name);
  const episodeId = spotifyId(text(raw.spotify_episode_uri), 'episode');
  if (episodeId || episodeName) {
    return idless(
      'episode',
      episodeId && keyForId('episode', episodeId),
      episodeName,
      text(raw.episode_show_name),
    );
  }
  const book = text(raw.audiobook_title);
  const chapter = text(raw.audiobook_chapter_title);
  const chapterId = spotifyId(text(raw.audiobook_chapter_uri), 'chapter');
  const bookId = spotifyId(text(raw.audiobook_uri), 'audiobook');
  if (chapterId || bookId || book || chapter) {
    const key = chapterId
      ? keyForId('audiobook', chapterId, 'chapter')
      : bookId && keyForId('audiobook', bookId, 'audiobook');
    // A chapter is named by its title within the book; the book stands in for the album.
    return idless('audiobook', key, chapter ?? book, book, book);
  }
  return null;
}

/** Listening without a track, episode or book; an artist or album the row still names is kept. */
function unidentified(raw: Fields, ms: number | null): Identity | null {
  if (ms === null || ms <= 0) return null;
  const artist = text(raw.master_metadata_album_artist_name);
  return idless('unidentified', UNIDENTIFIED_KEY, null, artist, text(raw.master_metadata_album_album_name));
}

/** Episodes and chapters: the show (or book) takes the artist's place, no track_id. */
function idless(
  kind: PlayKind,
  key: string | null,
  name: string | null,
  by: string | null,
  album: string | null = null,
): Identity {
  return { kind, trackKey: key, trackId: null, trackName: name, artistName: by, albumName: album };
}

function hasVideoFields(raw: Fields): boolean {
  return Object.keys(raw).some((k) => /video/i.test(k) && raw[k] !== null && raw[k] !== undefined);
}
