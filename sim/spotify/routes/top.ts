/**
 * `/me/top/{artists|tracks}`: the user's most played items over a time range, computed
 * from the ground-truth timeline (recorded plays only, up to now).
 */
import { apiError, currentUser, intParam, renderContext, type SimContext } from '../http.ts';
import { fullArtist, fullTrack } from '../objects.ts';
import type { SpotifySimState } from '../state.ts';
import { DAY } from '../timeline.ts';

const RANGES: Record<string, number> = { short_term: 28 * DAY, medium_term: 182 * DAY, long_term: 365 * DAY };

export function topItemsRoute(c: SimContext, state: SpotifySimState): Response {
  const type = c.req.param('type');
  if (type !== 'artists' && type !== 'tracks') return apiError(c, 404, 'Service not found');
  const span = RANGES[c.req.query('time_range') ?? 'medium_term'];
  if (span === undefined) return apiError(c, 400, 'Invalid time range');
  const limit = intParam(c, 'limit', 20, 1, 50);
  if (!limit.ok) return apiError(c, 400, limit.message);
  const offset = intParam(c, 'offset', 0, 0, 10_000);
  if (!offset.ok) return apiError(c, 400, offset.message);
  const ranked = rank(state, currentUser(c).spec.id, span, type);
  const ctx = renderContext(c, state);
  const items = ranked.slice(offset.value, offset.value + limit.value).map((id) => {
    if (type === 'tracks') return fullTrack(ctx, state.catalog.track(id)!);
    return fullArtist(ctx, state.catalog.artist(id)!);
  });
  const end = offset.value + limit.value;
  const base = `${ctx.baseUrl}/v1/me/top/${type}`;
  return c.json({
    items,
    total: ranked.length,
    limit: limit.value,
    offset: offset.value,
    href: c.req.url,
    next: end < ranked.length ? `${base}?limit=${limit.value}&offset=${end}` : null,
    previous:
      offset.value > 0
        ? `${base}?limit=${limit.value}&offset=${Math.max(0, offset.value - limit.value)}`
        : null,
  });
}

function rank(state: SpotifySimState, userId: string, span: number, type: 'artists' | 'tracks'): string[] {
  const now = state.clock.now();
  const counts = new Map<string, number>();
  for (const play of state.playsOf(userId)) {
    if (play.endedAt > now || play.endedAt < now - span || play.msPlayed < state.minRecordedPlayMs) continue;
    const ids = type === 'tracks' ? [play.trackId] : (state.catalog.track(play.trackId)?.artistIds ?? []);
    for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([id]) => id);
}
