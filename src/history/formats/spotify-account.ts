import { accountTime, type Fields, isRecord, msPlayed, text } from '../fields.ts';
import { nameKey } from '../keys.ts';
import { type PlayKind, type RowOutcome, SOURCE_ACCOUNT, type StagedPlay } from '../types.ts';

/**
 * Account data (`StreamingHistory_music_*.json`, older `StreamingHistory*.json`,
 * `StreamingHistory_podcast_*.json`, `StreamingHistory_audiobook_*.json`): `endTime`
 * "YYYY-MM-DD HH:MM" in UTC at minute resolution, names only — no URIs, so every row gets
 * a name key. Music rows carry artistName/trackName; podcast rows podcastName/episodeName;
 * audiobook rows audiobookName/chapterName/authorName. A row without a track (episode,
 * book) name cannot be told apart from any other and is refused.
 *
 * The n-th play of the same track within the same minute is stored at endTime + (n−1) s
 * (done by the RowCollector) so that the natural key stays unique: they are real repeats.
 */
export function readAccountRow(raw: unknown, nowMs: number): RowOutcome {
  if (!isRecord(raw)) return { reject: 'row is not an object' };
  const time = accountTime(raw.endTime, 'endTime', nowMs);
  if (!time.ok) return { reject: time.why };
  const ms = msPlayed(raw.msPlayed, 'msPlayed');
  if (!ms.ok) return { reject: ms.why };
  const named = names(raw);
  if ('reject' in named) return named;
  return {
    play: {
      trackKey: named.trackKey,
      playedAtMs: time.ms,
      trackId: null,
      kind: named.kind,
      trackName: named.trackName,
      artistName: named.artistName,
      albumName: named.albumName,
      msPlayed: ms.value,
      msPlayedSource: ms.value === null ? null : 'export',
      contextUri: null,
      source: SOURCE_ACCOUNT,
      skipped: null,
      shuffle: null,
      platform: null,
    },
  };
}

type Named = Pick<StagedPlay, 'trackKey' | 'kind' | 'trackName' | 'artistName' | 'albumName'>;

function names(raw: Fields): Named | { reject: string } {
  const book = text(raw.audiobookName);
  const chapter = text(raw.chapterName);
  if (book !== null || chapter !== null || 'audiobookName' in raw) {
    const title = chapter ?? book;
    if (title === null) return { reject: 'audiobookName and chapterName are missing' };
    // The key names the book (as the extended export's does); the author is kept as the artist.
    return {
      kind: 'audiobook',
      trackKey: nameKey('audiobook', book, title),
      trackName: title,
      artistName: text(raw.authorName) ?? book,
      albumName: book,
    };
  }
  const episode = text(raw.episodeName);
  const kind: PlayKind = episode !== null || text(raw.podcastName) !== null ? 'episode' : 'track';
  const trackName = kind === 'episode' ? episode : text(raw.trackName);
  if (trackName === null)
    return { reject: kind === 'episode' ? 'episodeName is missing' : 'trackName is missing' };
  const artistName = kind === 'episode' ? text(raw.podcastName) : text(raw.artistName);
  return { kind, trackKey: null, trackName, artistName, albumName: null };
}
