import { isRecord } from './fields.ts';
import { readAccountRow } from './formats/spotify-account.ts';
import { readEncoreRow } from './formats/encore.ts';
import { readListenRow } from './formats/listenbrainz.ts';
import { readExtendedRow, readVideoHistoryRow } from './formats/spotify-extended.ts';
import type { HistoryFormat, RowOutcome } from './types.ts';

/**
 * Recognises a history file by its content — the fields its records carry — so that a
 * renamed file is still read the right way and a wrong file is refused with a reason.
 * The name is used for one thing only: Spotify's video history has the same fields as
 * the audio history and is read the same way, row by row (its track and episode rows are
 * real plays); only its name (`Streaming_History_Video_*`) says that a row naming nothing
 * there is a watched video rather than unidentified listening.
 */

/** How many leading records decide the format. */
export const DETECT_SAMPLE = 50;

type Signature = { format: HistoryFormat; matches(row: Record<string, unknown>): boolean };

const SIGNATURES: Signature[] = [
  { format: 'spotify_extended', matches: (r) => 'ts' in r && 'ms_played' in r },
  { format: 'spotify_account', matches: (r) => 'endTime' in r && 'msPlayed' in r },
  { format: 'listenbrainz', matches: (r) => 'listened_at' in r && 'track_metadata' in r },
  { format: 'encore_jsonl', matches: (r) => 'played_at' in r && 'track_key' in r },
];

export type Detection = { format: HistoryFormat } | { skip: string };

/** `leading` holds the file's first DETECT_SAMPLE records (fewer if it has fewer). */
export function detectFormat(fileName: string, leading: unknown[]): Detection {
  const sample = leading.filter(isRecord);
  if (leading.length === 0) return { skip: 'an empty list: no plays in the file' };
  if (sample.length === 0)
    return { skip: 'not a Spotify streaming history file (the list holds no objects)' };
  // The format most of the sampled rows match; a few odd rows are refused later, one by one.
  let best: { format: HistoryFormat; hits: number } | undefined;
  for (const signature of SIGNATURES) {
    const hits = sample.filter(signature.matches).length;
    if (hits > (best?.hits ?? 0)) best = { format: signature.format, hits };
  }
  if (!best || best.hits * 2 < sample.length) {
    return { skip: 'not a Spotify streaming history file (its fields are not those of any known export)' };
  }
  if (best.format === 'spotify_extended' && /streaming_history_video/i.test(baseName(fileName))) {
    return { format: 'spotify_video' };
  }
  return { format: best.format };
}

export type RowReader = (raw: unknown, nowMs: number) => RowOutcome;

export function rowReader(format: HistoryFormat): RowReader {
  switch (format) {
    case 'spotify_extended':
      return readExtendedRow;
    case 'spotify_account':
      return readAccountRow;
    case 'listenbrainz':
      return readListenRow;
    case 'encore_jsonl':
    case 'encore_csv':
    case 'encore_parquet':
      return readEncoreRow;
    case 'spotify_video':
      return readVideoHistoryRow;
  }
}

function baseName(label: string): string {
  const parts = label.split(/[/\\:]/);
  return parts[parts.length - 1] ?? label;
}
