/**
 * Assembles the simulator: accounts service under `/accounts`, Web API under `/v1`,
 * placeholder images under `/images`, with logging, faults and auth in front.
 */
import { Hono } from 'hono';
import { apiError, type SimEnv } from './http.ts';
import { bearerAuth, faultInjector, rateLimiter, requestLogger } from './middleware.ts';
import { accountsRoutes } from './routes/accounts.ts';
import { catalogRoutes } from './routes/catalog.ts';
import { imageRoutes } from './routes/images.ts';
import { playerRoutes } from './routes/player.ts';
import { playlistRoutes } from './routes/playlists.ts';
import { searchRoutes } from './routes/search.ts';
import { type SpotifySimOptions, SpotifySimState } from './state.ts';

export function createSpotifySimApp(options: SpotifySimOptions = {}): {
  app: Hono<SimEnv>;
  sim: SpotifySimState;
} {
  const sim = new SpotifySimState(options);
  const app = new Hono<SimEnv>();
  app.use('*', requestLogger(sim));
  app.use('*', faultInjector(sim));
  app.use('*', rateLimiter(sim));
  app.route('/accounts', accountsRoutes(sim));
  app.route('/images', imageRoutes());

  const api = new Hono<SimEnv>();
  api.use('*', bearerAuth(sim));
  api.route('/', playerRoutes(sim));
  api.route('/', catalogRoutes(sim));
  api.route('/', searchRoutes(sim));
  api.route('/', playlistRoutes(sim));
  app.route('/v1', api);

  app.get('/', (c) => c.text('encore Spotify simulator: /accounts/authorize, /accounts/api/token, /v1/*\n'));
  // Unknown paths answer like the real gateway does.
  app.notFound((c) => apiError(c, 404, 'Service not found'));
  app.onError((err, c) => {
    console.error('[spotify-sim] handler error', err);
    return apiError(c, 500, 'Server error.');
  });
  return { app, sim };
}
