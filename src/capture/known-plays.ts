import { normName } from '../history/keys.ts';
import { SOURCE_ACCOUNT } from '../history/types.ts';
import type { Queryable } from '../store/db.ts';
import { type CapturedPlay, playKey } from './play-rows.ts';

/** Sources written by live capture; every other source is an import of some kind. */
const LIVE_SOURCES = new Set(['recently_played', 'currently_playing']);
/** The tolerance the history import uses between a precise export row and a live play. */
const PRECISE_WINDOW_MS = 10_000;
/** Account data carries the minute the play ended in: its true end is in [minute, minute + 60 s). */
const ACCOUNT_BEFORE_MS = 10_000;
const ACCOUNT_AFTER_MS = 70_000;

type StoredPlay = {
  track_key: string;
  at: number;
  source: string;
  title: string | null;
};

/**
 * Drops the fetched plays that are already stored. Most polls re-read plays captured
 * before (same key, same end of play). A play imported from a data export first and
 * captured live afterwards is the same play too, though its timestamp differs by a few
 * seconds: it is recognised with the rules of the history import's reconciliation
 * (src/history/reconcile.ts), one stored play per fetched play, so that the import and
 * capture orders give the same rows.
 */
export async function withoutStoredPlays(
  tx: Queryable,
  userId: string,
  plays: CapturedPlay[],
  options: { twinsAmongLive?: boolean } = {},
): Promise<CapturedPlay[]> {
  if (plays.length === 0) return plays;
  const times = plays.map((p) => p.playedAtMs);
  const stored = await tx.all<StoredPlay>(
    `SELECT track_key, epoch_ms(played_at) AS at, source,
            lower(regexp_replace(trim(nfc_normalize(track_name)), '\\s+', ' ', 'g')) AS title
     FROM plays
     WHERE user_id = ? AND played_at >= make_timestamptz(?::BIGINT * 1000)
       AND played_at <= make_timestamptz(?::BIGINT * 1000)`,
    [userId, Math.min(...times) - ACCOUNT_AFTER_MS, Math.max(...times) + ACCOUNT_BEFORE_MS],
  );
  const exact = new Set(stored.map((r) => `${r.track_key}@${r.at}`));
  // A live poll re-reads its own plays at their exact time, so only imports can be near twins.
  // Plays submitted by other players (src/submit) may be a live play seen a few seconds off.
  const imported = options.twinsAmongLive ? stored : stored.filter((r) => !LIVE_SOURCES.has(r.source));
  const used = new Set<StoredPlay>();
  return plays.filter((play) => {
    if (exact.has(playKey(play))) return false;
    const twin = closestImported(play, imported, used);
    if (!twin) return true;
    used.add(twin);
    return false;
  });
}

function closestImported(
  play: CapturedPlay,
  imported: readonly StoredPlay[],
  used: ReadonlySet<StoredPlay>,
): StoredPlay | null {
  const title = normName(play.trackName);
  let best: StoredPlay | null = null;
  let bestDistance = Infinity;
  for (const row of imported) {
    if (used.has(row)) continue;
    const sameTrack = row.track_key === play.trackId || (row.title !== null && row.title === title);
    if (!sameTrack) continue;
    const delta = play.playedAtMs - row.at;
    const inWindow =
      row.source === SOURCE_ACCOUNT
        ? delta >= -ACCOUNT_BEFORE_MS && delta < ACCOUNT_AFTER_MS
        : Math.abs(delta) <= PRECISE_WINDOW_MS;
    if (inWindow && Math.abs(delta) < bestDistance) {
      best = row;
      bestDistance = Math.abs(delta);
    }
  }
  return best;
}
