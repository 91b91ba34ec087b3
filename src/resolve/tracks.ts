import { bump } from '../store/job-runs.ts';
import { upsertTracks } from '../store/catalog.ts';
import { recordAttempt, subject } from './attempts.ts';
import type { ResolveContext } from './context.ts';
import type { PendingTrack } from './pending.ts';

/**
 * A play with a track id but no catalog row (extended history): one `GET /tracks/{id}`
 * (Development Mode has no batch lookup) fills track, ISRC, album, artists and credits.
 */
export async function resolveTrack(ctx: ResolveContext, item: PendingTrack): Promise<void> {
  ctx.budget.take();
  const track = await ctx.spotify.track(ctx.userId, item.id);
  const now = ctx.clock.now();
  if (!track) {
    await recordAttempt(
      ctx.db,
      { subject: subject.track(item.id), outcome: 'unresolved', detail: 'not found on Spotify' },
      now,
    );
    bump(ctx.report, 'tracks_not_found');
    return;
  }
  await ctx.db.transaction(async (tx) => {
    // A relinked answer carries another id: store it under the id the plays use.
    await upsertTracks(tx, [{ ...track, id: item.id }]);
    await recordAttempt(
      tx,
      { subject: subject.track(item.id), outcome: 'resolved', resolvedId: item.id },
      now,
    );
  });
  bump(ctx.report, 'tracks_resolved');
}
