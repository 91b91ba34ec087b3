/**
 * Shared shapes of the history import: what a parsed row becomes before it is staged,
 * why a row or a file was refused, and the run report both the CLI and the web upload show.
 */

/**
 * What a play is of. Audiobook chapters are kept apart so that music analytics can skip them.
 * `unidentified`: an extended-export row with every name and URI null but real listening
 * time — stored so that listening minutes stay true, never shown as a track.
 */
export type PlayKind = 'track' | 'episode' | 'audiobook' | 'unidentified';

/** The file formats the importer recognises by content. */
export type HistoryFormat =
  | 'spotify_extended'
  | 'spotify_account'
  | 'spotify_video'
  | 'encore_jsonl'
  | 'encore_csv'
  | 'encore_parquet'
  | 'listenbrainz';

/** `plays.source` values written by the importer (live capture writes its own). */
export const SOURCE_EXTENDED = 'export_extended';
export const SOURCE_ACCOUNT = 'export_account';
/** Listens from a ListenBrainz file that encore did not write itself. */
export const SOURCE_LISTENBRAINZ = 'listenbrainz';

/**
 * One play as read from a file. A format reader leaves `trackKey` null when the row
 * carries no Spotify id; the RowCollector (stage.ts) then sets the name key (keys.ts) and
 * may move `playedAtMs` by whole seconds (same-minute repeats in account data).
 */
export interface StagedPlay {
  trackKey: string | null;
  /** End of play, Unix milliseconds (UTC). */
  playedAtMs: number;
  trackId: string | null;
  kind: PlayKind;
  trackName: string | null;
  artistName: string | null;
  albumName: string | null;
  msPlayed: number | null;
  msPlayedSource: string | null;
  contextUri: string | null;
  source: string;
  skipped: boolean | null;
  shuffle: boolean | null;
  platform: string | null;
}

/** What a format reader says about one raw row. */
export type RowOutcome = { play: StagedPlay } | { reject: string } | { video: true };

export interface FileSkip {
  file: string;
  why: string;
  /**
   * True when the file looked like it should have been read (damaged, truncated, not
   * UTF-8, refused zip); false for files that are simply not listening history (the
   * export's PDF, Userdata.json, …), which are normal in an export and listed quietly.
   */
  problem: boolean;
}

export interface RowReject {
  file: string;
  /** Position of the row in its file (0-based array index, or line number for JSON Lines/CSV). */
  index: number;
  why: string;
}

export interface KindCounts {
  track: number;
  episode: number;
  audiobook: number;
  /** Rows stored as unidentified listening (kind `unidentified`). */
  unidentified: number;
  video_skipped: number;
}

export interface ImportReport {
  runId: string;
  userId: string;
  /** ok: everything read was stored; partial: some files or rows were refused; nothing_found: no history at all. */
  outcome: 'ok' | 'partial' | 'nothing_found';
  /** History files whose rows were read in this run. */
  filesRead: number;
  /** Files recorded as imported by an earlier run (same content), not read again. */
  filesAlreadyImported: string[];
  filesSkipped: FileSkip[];
  notes: string[];
  /**
   * Every row of every history file read. Always equals playsAdded + duplicatesMerged +
   * alreadyImported + rowsRejected + kinds.video_skipped.
   */
  rowsRead: number;
  playsAdded: number;
  /** Rows that were the same play as one stored from another source (live capture, the other export kind) or repeated within the import. */
  duplicatesMerged: number;
  /** Rows identical to a play already stored from the same source (a repeated import). */
  alreadyImported: number;
  /** Stored plays whose inferred or track-length ms_played was replaced by the export's. */
  msPlayedReplaced: number;
  rowsRejected: number;
  /** The first REJECTS_KEPT rejects; rowsRejected counts them all. */
  rejects: RowReject[];
  kinds: KindCounts;
  /** Listening time of the unidentified rows read (kinds.unidentified), in ms. */
  unidentifiedMs: number;
  /** Spotify calls made by the import, per endpoint: the import takes no client, so always empty. */
  apiCalls: Record<string, number>;
  seconds: number;
}

export const REJECTS_KEPT = 1000;
