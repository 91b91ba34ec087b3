import { flag, isRecord, isoTime, msPlayed, text } from '../fields.ts';
import type { PlayKind, RowOutcome } from '../types.ts';

/**
 * encore's own exports (CSV, Parquet, JSON Lines): one row per stored play with the
 * plays columns, so that importing them restores the same plays. `user_id` in the file is
 * ignored — the import decides whose plays these are. The columns are those of
 * export-plays.ts.
 */

const KINDS = new Set<string>(['track', 'episode', 'audiobook', 'unidentified']);

/** A row from an encore export; a file written by another tool version may lack columns. */
export function readEncoreRow(raw: unknown, nowMs: number): RowOutcome {
  if (!isRecord(raw)) return { reject: 'row is not an object' };
  const time = isoTime(raw.played_at, 'played_at', nowMs);
  if (!time.ok) return { reject: time.why };
  const ms = msPlayed(raw.ms_played, 'ms_played');
  if (!ms.ok) return { reject: ms.why };
  const trackKey = text(raw.track_key);
  const trackName = text(raw.track_name);
  if (trackKey === null && trackName === null) return { reject: 'neither track_key nor track_name' };
  const kind = text(raw.kind);
  return {
    play: {
      trackKey,
      playedAtMs: time.ms,
      trackId: text(raw.track_id),
      kind: kind !== null && KINDS.has(kind) ? (kind as PlayKind) : 'track',
      trackName,
      artistName: text(raw.artist_name),
      albumName: text(raw.album_name),
      msPlayed: ms.value,
      msPlayedSource: text(raw.ms_played_source),
      contextUri: text(raw.context_uri),
      source: text(raw.source) ?? 'encore_export',
      skipped: flag(raw.skipped),
      shuffle: flag(raw.shuffle),
      platform: text(raw.platform),
    },
  };
}
