import { bump } from '../store/job-runs.ts';
import type { Queryable } from '../store/db.ts';
import { recordAttempt, subject } from './attempts.ts';
import type { ResolveContext } from './context.ts';
import { musicBrainzGenres } from './mb-genres.ts';
import type { PendingArtist } from './pending.ts';

/**
 * Genres for an artist that has none stored: Spotify's own when it lists some (the field is
 * deprecated and often empty), otherwise MusicBrainz's. No strict identity → genres stay
 * NULL ("unknown"), recorded as unresolved so the next run does not ask again.
 */
export async function resolveArtist(ctx: ResolveContext, item: PendingArtist): Promise<void> {
  ctx.budget.take();
  const artist = await ctx.spotify.artist(ctx.userId, item.id);
  const key = subject.artist(item.id);
  if (artist?.genres?.length) {
    await ctx.db.transaction(async (tx) => {
      await storeGenres(tx, item.id, artist.genres!, 'spotify', null);
      await recordAttempt(
        tx,
        { subject: key, outcome: 'resolved', resolvedId: item.id, detail: 'spotify' },
        now(ctx),
      );
    });
    bump(ctx.report, 'artists_genres_spotify');
    return;
  }
  const mb = await musicBrainzGenres(ctx.musicbrainz, item.id, artist?.name ?? item.name);
  if (mb.outcome === 'found') {
    await ctx.db.transaction(async (tx) => {
      await storeGenres(tx, item.id, mb.genres, 'musicbrainz', mb.mbid);
      await recordAttempt(
        tx,
        { subject: key, outcome: 'resolved', resolvedId: mb.mbid, detail: `musicbrainz (${mb.via})` },
        now(ctx),
      );
    });
    bump(ctx.report, 'artists_genres_musicbrainz');
    return;
  }
  await ctx.db.transaction(async (tx) => {
    if (mb.outcome === 'no_genres') {
      await tx.run('UPDATE artists SET mbid = ?, updated_at = now() WHERE artist_id = ?', [mb.mbid, item.id]);
    }
    const detail =
      mb.outcome === 'no_genres'
        ? 'no genres on Spotify or MusicBrainz'
        : `no genres on Spotify; ${mb.detail}`;
    await recordAttempt(tx, { subject: key, outcome: 'unresolved', detail }, now(ctx));
  });
  bump(ctx.report, 'artists_genres_none');
}

const now = (ctx: ResolveContext) => ctx.clock.now();

async function storeGenres(
  tx: Queryable,
  artistId: string,
  genres: string[],
  source: 'spotify' | 'musicbrainz',
  mbid: string | null,
): Promise<void> {
  await tx.run(
    `UPDATE artists SET genres = from_json(?, '["VARCHAR"]'), genres_source = ?, mbid = COALESCE(?, mbid), updated_at = now()
     WHERE artist_id = ?`,
    [JSON.stringify(genres), source, mbid, artistId],
  );
}
