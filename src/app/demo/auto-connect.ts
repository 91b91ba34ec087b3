import { beginConnect, type ConnectedAccount, completeConnect } from '../../spotify/connect.ts';
import type { Db } from '../../store/db.ts';
import type { Clock } from '../../util/clock.ts';
import type { SpotifyRuntime } from '../../spotify/runtime.ts';

/**
 * Connects an account without a browser, for the simulator only: its authorize page
 * consents at once and redirects, so following that redirect completes the same PKCE flow
 * a person completes in a browser.
 */
export async function connectSimulatedUser(
  deps: { db: Db; services: { spotify: SpotifyRuntime }; clock: Clock },
  simUserId?: string,
): Promise<ConnectedAccount> {
  const pending = beginConnect(deps.services.spotify);
  const url = new URL(pending.url);
  if (simUserId) url.searchParams.set('sim_user', simUserId);
  const response = await fetch(url, { redirect: 'manual' });
  const location = response.headers.get('location');
  if (!location)
    throw new Error(`The simulator's authorize page answered ${response.status} without a redirect.`);
  const callback = new URL(location);
  return completeConnect({ db: deps.db, spotify: deps.services.spotify, clock: deps.clock }, pending, {
    code: callback.searchParams.get('code'),
    state: callback.searchParams.get('state'),
    error: callback.searchParams.get('error'),
  });
}
