import { bump } from '../store/job-runs.ts';
import { upsertTracks } from '../store/catalog.ts';
import { recordAttempt, subject } from './attempts.ts';
import type { ResolveContext } from './context.ts';
import { mergeLiveTwins } from './duplicates.ts';
import type { PendingName } from './pending.ts';
import { strictTrackMatch, trackSearchQuery } from './strict-match.ts';

/** Development Mode caps search at 10 results. */
const SEARCH_LIMIT = 10;

/**
 * Plays known only by names (account data): one track search with field filters, and the
 * strict matcher decides. A match sets `track_id` on those plays (the name key stays, so
 * the play's identity never changes); anything else is recorded as unresolved and not
 * searched again.
 */
export async function resolveName(ctx: ResolveContext, item: PendingName): Promise<void> {
  const key = subject.name(item.key);
  if (!item.track_name || !item.artist_name) {
    await unresolved(ctx, key, 'the export names no artist or title');
    return;
  }
  ctx.budget.take();
  const results = await ctx.spotify.searchTracks(
    ctx.userId,
    trackSearchQuery(item.track_name, item.artist_name),
    SEARCH_LIMIT,
  );
  const verdict = strictTrackMatch(results, item.track_name, item.artist_name);
  if (verdict.kind !== 'match') {
    await unresolved(
      ctx,
      key,
      verdict.kind === 'none'
        ? `no exact match among ${results.length} search result(s)`
        : `${verdict.candidates} different recordings with this exact title and artist`,
    );
    return;
  }
  const trackId = verdict.track.id!;
  const merged = await ctx.db.transaction(async (tx) => {
    await upsertTracks(tx, [verdict.track]);
    await tx.run(
      `UPDATE plays SET track_id = ? WHERE user_id = ? AND track_key = ? AND kind = 'track' AND track_id IS NULL`,
      [trackId, ctx.userId, item.key],
    );
    const n = await mergeLiveTwins(tx, ctx.userId, item.key);
    await recordAttempt(tx, { subject: key, outcome: 'resolved', resolvedId: trackId }, ctx.clock.now());
    return n;
  });
  bump(ctx.report, 'names_resolved');
  if (merged) bump(ctx.report, 'duplicates_merged', merged);
}

async function unresolved(ctx: ResolveContext, key: string, detail: string): Promise<void> {
  await recordAttempt(ctx.db, { subject: key, outcome: 'unresolved', detail }, ctx.clock.now());
  bump(ctx.report, 'names_unresolved');
}
