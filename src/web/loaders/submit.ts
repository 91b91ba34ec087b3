import { parseSubmission } from '../../submit/listens.ts';
import { storeSubmittedListens } from '../../submit/store-listens.ts';
import { accountForToken } from '../../submit/tokens.ts';
import type { WebDeps } from '../context.ts';

/** A refusal in ListenBrainz's terms: the HTTP status and its sentence. */
export interface SubmitRefusal {
  code: 400 | 401;
  error: string;
}

/**
 * One ListenBrainz submit-listens request: the token names the account, the body is
 * checked as ListenBrainz checks it, and the plays are stored ("playing now" is a notice,
 * not a play: the play itself is submitted when it ends).
 */
export async function receiveListens(
  deps: WebDeps,
  token: string,
  raw: string,
): Promise<SubmitRefusal | null> {
  const userId = await accountForToken(deps.db, token, deps.clock.now());
  if (!userId) {
    deps.logger.warn('submit refused: unknown or revoked token', { path: '/1/submit-listens' });
    return { code: 401, error: 'Invalid authorization token.' };
  }
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    return { code: 400, error: 'Cannot parse JSON document: the body is not valid JSON.' };
  }
  const parsed = parseSubmission(body, deps.clock.now());
  if (!parsed.ok) return { code: 400, error: parsed.error };
  if (parsed.listenType === 'playing_now') return null;
  const outcome = await storeSubmittedListens(deps.db, userId, parsed.listens, raw, deps.clock.now());
  deps.logger.info('listens submitted', { type: parsed.listenType, ...outcome });
  return null;
}
