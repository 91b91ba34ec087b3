import { accountTime, isRecord, msPlayed, text } from '../fields.ts';
import { type PlayKind, type RowOutcome, SOURCE_ACCOUNT } from '../types.ts';

/**
 * Account data (`StreamingHistory_music_*.json`, older `StreamingHistory*.json`,
 * `StreamingHistory_podcast_*.json`): `endTime` "YYYY-MM-DD HH:MM" in UTC at minute
 * resolution, names only — no URIs, so every row gets a name key (built in SQL).
 * Music rows carry artistName/trackName; podcast rows podcastName/episodeName. A row
 * without a track (or episode) name cannot be told apart from any other and is refused.
 *
 * The n-th play of the same track within the same minute is stored at endTime + (n−1) s
 * (done in the staging SQL) so that the natural key stays unique.
 */
export function readAccountRow(raw: unknown, nowMs: number): RowOutcome {
  if (!isRecord(raw)) return { reject: 'row is not an object' };
  const time = accountTime(raw.endTime, 'endTime', nowMs);
  if (!time.ok) return { reject: time.why };
  const ms = msPlayed(raw.msPlayed, 'msPlayed');
  if (!ms.ok) return { reject: ms.why };
  const episode = text(raw.episodeName);
  const kind: PlayKind = episode !== null || text(raw.podcastName) !== null ? 'episode' : 'track';
  const trackName = kind === 'episode' ? episode : text(raw.trackName);
  const artistName = kind === 'episode' ? text(raw.podcastName) : text(raw.artistName);
  if (trackName === null)
    return { reject: kind === 'episode' ? 'episodeName is missing' : 'trackName is missing' };
  return {
    play: {
      trackKey: null,
      playedAtMs: time.ms,
      trackId: null,
      kind,
      trackName,
      artistName,
      albumName: null,
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
