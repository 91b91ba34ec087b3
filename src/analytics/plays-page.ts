import type { Queryable, SqlParam } from '../store/db.ts';
import { isoSql, localTimeSql, stringLiteral } from './model.ts';
import { AnalyticsQueryError, checkedInteger } from './query.ts';
import { isValidTimeZone } from '../config/schema.ts';
import type { PlayOrigin, PlayRow, PlaysPage } from './types.ts';

export interface PlaysPageQuery {
  userId: string;
  /** Words matched (case-insensitive, all of them) against track, artist and album names. */
  search?: string;
  /** 1-based. */
  page: number;
  pageSize: number;
  timeZone: string;
  /** Only plays that ended at or after this instant (epoch ms). */
  since?: number;
}

const MAX_PAGE_SIZE = 500;

/** Live capture writes these; everything else came from a file someone imported. */
const LIVE_SOURCES = ['recently_played', 'currently_playing'];

export function originOf(source: string): PlayOrigin {
  return LIVE_SOURCES.includes(source) ? 'live' : 'export';
}

/**
 * The history page: every stored play of the user, newest first — no dedup and no stream
 * rule here, this is the log itself — with catalog names where the catalog has them.
 */
export async function listPlays(db: Queryable, q: PlaysPageQuery): Promise<PlaysPage> {
  const page = checkedInteger(q.page, 'page', 1, 1_000_000);
  const pageSize = checkedInteger(q.pageSize, 'pageSize', 1, MAX_PAGE_SIZE);
  if (!isValidTimeZone(q.timeZone))
    throw new AnalyticsQueryError(`"${q.timeZone}" is not an IANA time zone (e.g. Europe/Berlin).`);
  const { where, params } = filter(q.userId, q.search, q.since);
  const from = `FROM plays pl LEFT JOIN tracks t ON t.track_id = pl.track_id
    LEFT JOIN albums al ON al.album_id = t.album_id`;
  const total = await db.one<{ n: number }>(`SELECT count(*) AS n ${from} WHERE ${where}`, params);
  const rows = await db.all<Record<string, unknown>>(
    `SELECT ${isoSql('epoch_us(pl.played_at)')} AS playedAt,
            ${localTimeSql(`timezone(${stringLiteral(q.timeZone)}, pl.played_at)`)} AS localTime,
            pl.track_key AS trackKey, pl.track_id AS trackId,
            coalesce(t.name, pl.track_name) AS trackName, pl.artist_name AS artistName,
            coalesce(al.name, pl.album_name) AS albumName,
            pl.ms_played AS msPlayed, pl.ms_played_source AS msPlayedSource, pl.source, pl.kind,
            t.album_id AS albumId,
            (SELECT arg_min(ta.artist_id, ta.position) FROM track_artists ta WHERE ta.track_id = pl.track_id) AS artistId
     ${from} WHERE ${where}
     ORDER BY pl.played_at DESC, pl.track_key LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
    params,
  );
  return {
    total: total?.n ?? 0,
    rows: rows.map((r) => ({
      playedAt: r.playedAt as string,
      localTime: r.localTime as string,
      trackKey: r.trackKey as string,
      trackId: (r.trackId as string | null) ?? null,
      trackName: (r.trackName as string | null) ?? null,
      artistName: (r.artistName as string | null) ?? null,
      albumName: (r.albumName as string | null) ?? null,
      msPlayed: (r.msPlayed as number | null) ?? null,
      msPlayedSource: (r.msPlayedSource as string | null) ?? null,
      source: r.source as string,
      origin: originOf(r.source as string),
      kind: r.kind as string,
      artistId: (r.artistId as string | null) ?? null,
      albumId: (r.albumId as string | null) ?? null,
    })),
  };
}

/**
 * The newest `limit` plays (of those since `since`), as `encore plays` lists them: the
 * history page's rows, read page after page so that any limit works.
 */
export async function latestPlays(
  db: Queryable,
  q: { userId: string; timeZone: string; since?: number; limit: number },
): Promise<PlayRow[]> {
  const limit = checkedInteger(q.limit, 'limit', 1, Number.MAX_SAFE_INTEGER);
  const pageSize = Math.min(limit, MAX_PAGE_SIZE);
  const rows: PlayRow[] = [];
  for (let page = 1; rows.length < limit; page++) {
    const { userId, timeZone, since } = q;
    const batch = await listPlays(db, { userId, timeZone, since, page, pageSize });
    rows.push(...batch.rows);
    if (batch.rows.length < pageSize) break;
  }
  return rows.slice(0, limit);
}

function filter(
  userId: string,
  search: string | undefined,
  since: number | undefined,
): { where: string; params: SqlParam[] } {
  const words = (search ?? '').trim().split(/\s+/).filter(Boolean).slice(0, 8);
  const clauses = ['pl.user_id = ?'];
  const params: SqlParam[] = [userId];
  if (since !== undefined) {
    clauses.push('pl.played_at >= make_timestamptz(?::BIGINT * 1000)');
    params.push(since);
  }
  for (const word of words) {
    clauses.push(
      `concat_ws(' ', coalesce(t.name, pl.track_name), pl.track_name, pl.artist_name, coalesce(al.name, pl.album_name)) ILIKE ? ESCAPE '\\'`,
    );
    params.push(`%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  }
  return { where: clauses.join(' AND '), params };
}
