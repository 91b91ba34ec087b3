/**
 * A playlist before it is written: its tracks, whether Max tracks cut it short, and — when
 * it is empty — which step emptied it, in words a person can act on (no shows stored for
 * the place, none in the window, none matched, a filter, no songs picked yet).
 */
import type { Queryable } from '../store/db.ts';
import type { Clock } from '../util/clock.ts';
import { playlistStages, type PlaylistStages } from './build.ts';
import type { PlaylistDefinition } from './definition.ts';
import { inAudience, type PlaylistTrack, rankPlaylistTracks } from './rank.ts';

export type EmptyCause = 'no-shows' | 'none-in-window' | 'none-matched' | 'genre' | 'audience' | 'no-picks';

export interface PlaylistPreview {
  tracks: PlaylistTrack[];
  /** Tracks the definition would hold without its Max tracks. */
  available: number;
  /** Max tracks left songs out. */
  cut: boolean;
  /** Why there are no tracks (null when there are). */
  empty: { cause: EmptyCause; message: string } | null;
}

export async function previewPlaylist(
  db: Queryable,
  def: PlaylistDefinition,
  userId: string,
  clock: Clock,
  placeName: string,
): Promise<PlaylistPreview> {
  const stages = await playlistStages(db, def, userId, clock);
  const tracks = rankPlaylistTracks(stages.inGenre, def);
  const available = rankPlaylistTracks(stages.inGenre, { ...def, maxTracks: Number.MAX_SAFE_INTEGER }).length;
  const empty = tracks.length ? null : await emptyCause(db, def, stages, placeName, clock.now());
  return { tracks, available, cut: available > tracks.length, empty };
}

/** Upcoming, not cancelled shows stored for the place, whatever the window. */
async function upcomingShows(db: Queryable, placeId: string, now: number): Promise<number> {
  const row = await db.one<{ n: number }>(
    `SELECT count(*)::INTEGER AS n FROM events e JOIN event_places p ON p.event_key = e.event_key
     WHERE p.place_id = ? AND e.status <> 'cancelled'
       AND (e.start_utc >= CAST(? AS TIMESTAMPTZ) OR (e.start_utc IS NULL AND e.local_date >= CAST(? AS DATE)))`,
    [placeId, new Date(now), new Date(now).toISOString().slice(0, 10)],
  );
  return Number(row?.n ?? 0);
}

async function emptyCause(
  db: Queryable,
  def: PlaylistDefinition,
  stages: PlaylistStages,
  place: string,
  now: number,
): Promise<{ cause: EmptyCause; message: string }> {
  const say = (cause: EmptyCause, message: string) => ({ cause, message });
  if (stages.shows === 0) {
    const later = await upcomingShows(db, def.placeId, now);
    return later === 0
      ? say('no-shows', `No upcoming shows are stored for ${place}: run \`encore shows sync\` to pull them.`)
      : say(
          'none-in-window',
          `None of the ${later} upcoming shows near ${place} is in the next ${def.windowDays} days: raise "Days ahead".`,
        );
  }
  const shows = `${stages.shows} ${stages.shows === 1 ? 'show' : 'shows'}`;
  if (stages.matched.length === 0)
    return say(
      'none-matched',
      `No performer of the ${shows} near ${place} is matched to a Spotify artist yet: run \`encore shows sync\`.`,
    );
  const artists = (n: number) => `${n} ${n === 1 ? 'artist' : 'artists'}`;
  if (stages.inGenre.length === 0)
    return say(
      'genre',
      `The genre filter "${def.genre}" leaves out all ${artists(stages.matched.length)} of the ${shows}: clear it or try another genre.`,
    );
  const audience = stages.inGenre.filter((s) => inAudience(s, def.audience));
  if (audience.length === 0)
    return say(
      'audience',
      def.audience === 'known'
        ? `"Only ones I know" leaves out all ${artists(stages.inGenre.length)}: you have streamed none of them. Choose "All".`
        : `"Only new to me" leaves out all ${artists(stages.inGenre.length)}: you have streamed every one of them. Choose "All".`,
    );
  return say(
    'no-picks',
    `No songs are picked yet for the ${artists(audience.length)} playing: run \`encore shows sync\`, which picks them.`,
  );
}
