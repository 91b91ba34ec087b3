/**
 * What a playlist should hold right now: the place's upcoming shows in the window
 * (scheduled or rescheduled — past, cancelled and postponed shows drop out), their
 * matched artists' picks from `artist_picks`, ranked by `rankPlaylistTracks`.
 */
import type { Queryable } from '../store/db.ts';
import { genreLabels, inGenre, listShows, type ShowListing } from '../shows/list-shows.ts';
import type { Clock } from '../util/clock.ts';
import type { PlaylistDefinition } from './definition.ts';
import { type ArtistSlot, type PlaylistTrack, rankPlaylistTracks, type TrackPick } from './rank.ts';

const DAY_MS = 86_400_000;
/** Statuses whose date is known and whose show is on. */
const PLAYABLE = new Set(['scheduled', 'rescheduled']);

export async function buildPlaylistTracks(
  db: Queryable,
  def: PlaylistDefinition,
  userId: string,
  clock: Clock,
): Promise<PlaylistTrack[]> {
  return rankPlaylistTracks((await playlistStages(db, def, userId, clock)).inGenre, def);
}

/** What the build saw at each step, so an empty preview can name the step that emptied it. */
export interface PlaylistStages {
  /** Playable shows of the place in the window. */
  shows: number;
  /** Every matched artist slot of those shows, picks filled in. */
  matched: ArtistSlot[];
  /** The slots the genre filter keeps (all of them without a genre). */
  inGenre: ArtistSlot[];
}

export async function playlistStages(
  db: Queryable,
  def: PlaylistDefinition,
  userId: string,
  clock: Clock,
): Promise<PlaylistStages> {
  const now = clock.now();
  const listings = await listShows(db, {
    placeId: def.placeId,
    from: new Date(now),
    to: new Date(now + def.windowDays * DAY_MS),
    userId,
  });
  const playable = listings.filter((l) => PLAYABLE.has(l.event.status));
  const all = slotsOf(playable);
  const picks = await loadPicks(
    db,
    all.map((s) => s.slot.artistId),
  );
  for (const { slot } of all) slot.picks = picks.get(slot.artistId) ?? [];
  const genre = def.genre;
  return {
    shows: playable.length,
    matched: all.map((s) => s.slot),
    inGenre: all.filter((s) => !genre || inGenre(genre, s.labels)).map((s) => s.slot),
  };
}

/** One slot per matched artist per show (picks filled in later), with its genre labels. */
function slotsOf(listings: ShowListing[]): Array<{ slot: ArtistSlot; labels: string[] }> {
  return listings.flatMap(({ event, performers }) =>
    performers.flatMap((p) =>
      p.artists.flatMap((a, part) => {
        const artistId = a.match?.artistId;
        if (!artistId) return [];
        const slot: ArtistSlot = {
          eventKey: event.key,
          eventName: event.name,
          localDate: event.localDate,
          startUtc: event.startUtc,
          venueName: event.venue.name,
          position: p.position,
          part,
          headliner: p.headliner,
          artistId,
          artistName: a.match?.artistName ?? a.name,
          plays: a.plays,
          picks: [],
        };
        return [{ slot, labels: genreLabels(event, p, a) }];
      }),
    ),
  );
}

async function loadPicks(db: Queryable, artistIds: string[]): Promise<Map<string, TrackPick[]>> {
  const byArtist = new Map<string, TrackPick[]>();
  if (artistIds.length === 0) return byArtist;
  const rows = await db.all<{ artist_id: string; track_id: string; track_name: string | null }>(
    `SELECT k.artist_id, k.track_id, COALESCE(k.track_name, t.name) AS track_name
     FROM artist_picks k LEFT JOIN tracks t ON t.track_id = k.track_id
     WHERE k.artist_id IN (SELECT unnest(from_json(?, '["VARCHAR"]')))
     ORDER BY k.artist_id, k.rank`,
    [JSON.stringify([...new Set(artistIds)])],
  );
  for (const row of rows) {
    const list = byArtist.get(row.artist_id) ?? [];
    list.push({ trackId: row.track_id, trackName: row.track_name });
    byArtist.set(row.artist_id, list);
  }
  return byArtist;
}
