import type { Hono } from 'hono';
import type { WebDeps, WebEnv } from '../context.ts';
import { createNowPlaying } from '../now-playing.ts';
import { registerDashboardRoutes } from './dashboard.ts';
import { registerHistoryRoutes } from './history.ts';
import { registerPlaylistRoutes } from './playlists.ts';
import { registerReviewRoutes } from './review.ts';
import { registerShareActions } from './share.ts';
import { registerShowsRoutes } from './shows.ts';
import { registerStatusRoutes } from './status.ts';
import { registerEntityRoutes } from './entities.ts';
import { registerSearchRoutes } from './search.ts';
import { registerRediscoverRoutes } from './rediscover.ts';

/** The signed-in pages and their JSON API; every one reads the session's account only. */
export function registerPageRoutes(app: Hono<WebEnv>, deps: WebDeps): void {
  const nowPlaying = createNowPlaying({ spotify: deps.services.spotify.client, clock: deps.clock });
  app.get('/api/now-playing', async (c) => c.json(await nowPlaying(c.get('user')!.userId)));
  registerDashboardRoutes(app, deps);
  registerHistoryRoutes(app, deps);
  registerReviewRoutes(app, deps);
  registerShareActions(app, deps);
  registerShowsRoutes(app, deps);
  registerPlaylistRoutes(app, deps);
  registerStatusRoutes(app, deps);
  registerEntityRoutes(app, deps);
  registerSearchRoutes(app, deps);
  registerRediscoverRoutes(app, deps);
}
