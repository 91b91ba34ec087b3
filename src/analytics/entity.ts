/**
 * Read models of the artist, album and track pages: one entity over the whole history,
 * computed from the same model (`p`, the stream rule) as the dashboard.
 */
import type { Db } from '../store/db.ts';
import { lastDaysRange } from './ranges.ts';
import { checkEntityId, type EntityKind, ENTITY_KINDS, KEY_COLUMN, targetCte } from './entity-keys.ts';
import { stringLiteral } from './model.ts';
import { AnalyticsQueryError, resolveQuery } from './query.ts';
import { runAnalyses } from './run.ts';
import { entityFilter, entityIdentitySql, entityMonthsSql, entitySummarySql } from './sql/entity.ts';
import { topAlbumsSql, topTracksSql } from './sql/tops.ts';
import type { TopAlbum, TopTrack } from './types.ts';

export interface EntityQuery {
  userId: string;
  timeZone: string;
  kind: EntityKind;
  id: string;
  /** Now (ms): the months run up to this one. */
  now: number;
  minStreamMs?: number;
  /** Length of the top-tracks and albums lists; default 10. */
  limit?: number;
}

export interface EntityIdentity {
  trackKey: string | null;
  trackId: string | null;
  trackName: string | null;
  artistId: string | null;
  artistName: string | null;
  albumId: string | null;
  albumName: string | null;
  /** The artist name the latest play carried (album name keys are built from it). */
  playArtist: string | null;
}

export interface EntitySummary {
  /** Every stored play, short ones included. */
  plays: number;
  /** Plays that pass the stream rule (at least minStreamMs), what the dashboard counts. */
  streams: number;
  minutes: number;
  firstPlayedAt: string | null;
  lastPlayedAt: string | null;
  /** The same instants in the user's zone, `YYYY-MM-DD HH:MM`. */
  firstLocal: string | null;
  lastLocal: string | null;
}

export interface EntityMonth {
  month: string;
  plays: number;
  minutes: number;
  /** Rank among all entities of the kind that month by streams; null without a stream. */
  rank: number | null;
  of: number | null;
}

export interface EntityPage {
  kind: EntityKind;
  id: string;
  /** The name shown as the page's title. */
  name: string;
  identity: EntityIdentity | null;
  summary: EntitySummary;
  months: EntityMonth[];
  /** Artist and album pages: the user's top tracks of it, by streams. */
  topTracks: TopTrack[];
  /** Artist pages: its albums the user played, by streams. */
  albums: TopAlbum[];
}

type Parts = Pick<EntityPage, 'identity' | 'summary' | 'months' | 'topTracks' | 'albums'>;

/**
 * The page of one entity, or null when encore knows nothing of it: no play of this user
 * and no catalog row (a 404). An artist in the catalog but never played (e.g. billed at a
 * show nearby) has a page with zero figures.
 */
export async function loadEntityPage(db: Db, query: EntityQuery): Promise<EntityPage | null> {
  if (!ENTITY_KINDS.includes(query.kind))
    throw new AnalyticsQueryError(`Unknown kind "${String(query.kind)}"; use artist, album or track.`);
  const id = checkEntityId(query.id);
  const range = lastDaysRange(1, query.now, query.timeZone);
  const q = resolveQuery({
    userId: query.userId,
    timeZone: query.timeZone,
    from: new Date(0),
    to: range.to,
    ...(query.minStreamMs === undefined ? {} : { minStreamMs: query.minStreamMs }),
  });
  const k = KEY_COLUMN[query.kind];
  const limit = query.limit ?? 10;
  const none = 'SELECT []';
  const parts = await runAnalyses<Parts>(
    db,
    q,
    {
      identity: entityIdentitySql(k),
      summary: entitySummarySql(k, stringLiteral(q.timeZone)),
      months: entityMonthsSql(k),
      topTracks: query.kind === 'track' ? `(${none})` : topTracksSql('plays', limit, entityFilter(k)),
      albums: query.kind === 'artist' ? topAlbumsSql('plays', limit, entityFilter(k)) : `(${none})`,
    },
    { extra: { sql: targetCte(query.kind), params: [id] } },
  );
  const name = parts.identity ? nameOf(query.kind, parts.identity) : await catalogName(db, query.kind, id);
  if (name === null) return null;
  return { kind: query.kind, id, name, ...parts };
}

function nameOf(kind: EntityKind, i: EntityIdentity): string {
  if (kind === 'artist') return i.artistName ?? 'unknown artist';
  if (kind === 'album') return i.albumName ?? 'unknown album';
  return i.trackName ?? 'unknown track';
}

const CATALOG: Record<EntityKind, string> = {
  artist: 'SELECT name FROM artists WHERE artist_id = ?',
  album: 'SELECT name FROM albums WHERE album_id = ?',
  track: 'SELECT name FROM tracks WHERE track_id = ?',
};

async function catalogName(db: Db, kind: EntityKind, id: string): Promise<string | null> {
  const row = await db.one<{ name: string }>(CATALOG[kind], [id]);
  return row?.name ?? null;
}
