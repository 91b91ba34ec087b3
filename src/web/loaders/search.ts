import { AnalyticsQueryError, searchHistory, type SearchResults } from '../../analytics/index.ts';
import type { WebDeps, WebUser } from '../context.ts';

/** Artists, tracks and albums of the account's history for the text; a problem instead for bad text. */
export async function loadSearch(
  deps: WebDeps,
  user: WebUser,
  text: string,
): Promise<{ results: SearchResults | null; problem: string | null }> {
  if (!text.trim()) return { results: null, problem: null };
  try {
    const results = await searchHistory(deps.db, {
      userId: user.userId,
      timeZone: user.timeZone,
      text,
      now: deps.clock.now(),
    });
    return { results, problem: null };
  } catch (error) {
    if (!(error instanceof AnalyticsQueryError)) throw error;
    return { results: null, problem: error.message };
  }
}
