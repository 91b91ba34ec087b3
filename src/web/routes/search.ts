import type { Hono } from 'hono';
import { AnalyticsQueryError, searchHistory, type SearchResults } from '../../analytics/index.ts';
import type { WebDeps, WebEnv } from '../context.ts';
import { renderPage } from '../layout.ts';
import { searchView } from '../views/search.ts';

/** `/search?q=`: artists, tracks and albums of the account's history, grouped by kind. */
export function registerSearchRoutes(app: Hono<WebEnv>, deps: WebDeps): void {
  app.get('/search', async (c) => {
    const user = c.get('user')!;
    const text = c.req.query('q') ?? '';
    let results: SearchResults | null = null;
    let problem: string | null = null;
    if (text.trim()) {
      try {
        results = await searchHistory(deps.db, {
          userId: user.userId,
          timeZone: user.timeZone,
          text,
          now: deps.clock.now(),
        });
      } catch (error) {
        if (!(error instanceof AnalyticsQueryError)) throw error;
        problem = error.message;
      }
    }
    const body = searchView(text.slice(0, 200), results, problem);
    return c.html(renderPage(c, deps, { title: 'Search', active: 'search', body }), problem ? 400 : 200);
  });
}
