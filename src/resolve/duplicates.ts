import type { Queryable } from '../store/db.ts';

/**
 * After a name-keyed play gets its track id, it may turn out to be a play that live
 * capture stored as well (captured after the import, so the import could not reconcile
 * them). Same rule as the import's reconciliation for account data: the same track and a
 * precise end of play within [endTime − 10 s, endTime + 70 s). The precise play is kept
 * (it has the exact time), takes the export's play length when its own was only inferred,
 * and the account-data row is removed. Returns how many rows were merged.
 */
const TWIN = `live.user_id = acc.user_id AND live.track_id = acc.track_id AND live.track_key <> acc.track_key
  AND live.source <> 'export_account'
  AND live.played_at >= acc.played_at - INTERVAL 10 SECOND AND live.played_at < acc.played_at + INTERVAL 70 SECOND`;

export async function mergeLiveTwins(tx: Queryable, userId: string, trackKey?: string): Promise<number> {
  const keyFilter = trackKey === undefined ? '' : 'AND acc.track_key = ?';
  const params = trackKey === undefined ? [userId] : [userId, trackKey];
  const found = await tx.one<{ n: number }>(
    `SELECT count(*) AS n FROM plays acc WHERE acc.user_id = ? ${keyFilter} AND acc.source = 'export_account'
       AND acc.track_id IS NOT NULL AND EXISTS (SELECT 1 FROM plays live WHERE ${TWIN})`,
    params,
  );
  if (!found?.n) return 0;
  await tx.run(
    `UPDATE plays AS live SET ms_played = acc.ms_played, ms_played_source = 'export'
     FROM plays acc
     WHERE acc.user_id = ? ${keyFilter} AND acc.source = 'export_account' AND acc.ms_played IS NOT NULL AND ${TWIN}
       AND (live.ms_played_source IS NULL OR live.ms_played_source IN ('inferred', 'track_length'))`,
    params,
  );
  await tx.run(
    `DELETE FROM plays acc WHERE acc.user_id = ? ${keyFilter} AND acc.source = 'export_account'
       AND acc.track_id IS NOT NULL AND EXISTS (SELECT 1 FROM plays live WHERE ${TWIN})`,
    params,
  );
  return found.n;
}
