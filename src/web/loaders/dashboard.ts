import { type Dashboard, loadDashboard } from '../../analytics/index.ts';
import { firstPlayAt } from '../../analytics/play-span.ts';
import type { WebDeps, WebUser } from '../context.ts';
import { chooseRange, type RangeChoice } from '../range-picker.ts';
import type { RangeQuery } from '../validate.ts';

/** The range the query asks for, read in the account's zone ("All time" starts at its first play). */
export async function loadRangeChoice(deps: WebDeps, user: WebUser, query: RangeQuery): Promise<RangeChoice> {
  return chooseRange(query, deps.clock.now(), user.timeZone, await firstPlayAt(deps.db, user.userId));
}

/** The dashboard of the account for the range in the query string. */
export async function loadDashboardPage(
  deps: WebDeps,
  user: WebUser,
  query: RangeQuery,
): Promise<{ choice: RangeChoice; dashboard: Dashboard }> {
  const choice = await loadRangeChoice(deps, user, query);
  const dashboard = await loadDashboard(
    deps.db,
    { userId: user.userId, from: choice.from, to: choice.to, timeZone: user.timeZone, metric: choice.metric },
    { bucket: choice.bucket, limit: 10 },
  );
  return { choice, dashboard };
}
