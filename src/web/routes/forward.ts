import type { Hono } from 'hono';
import { forwardJob } from '../../jobs/forward.ts';
import { listDeadLetters, queueDeadLetters } from '../../forward/ledger.ts';
import { findTarget, listTargets } from '../../forward/targets.ts';
import type { WebDeps, WebEnv, WebUser } from '../context.ts';
import { forwardSection } from '../views/forward-status.ts';

/** What a retry did, from the numbers the redirect carries. */
export function retryNotice(retried: string | undefined, left: string | undefined): string | undefined {
  const q = Number(retried);
  const l = Number(left);
  if (!Number.isInteger(q) || !Number.isInteger(l) || q < 0 || l < 0) return undefined;
  return `Retried ${q} dead letter(s): ${Math.max(0, q - l)} delivered, ${l} still refused.`;
}

/** The Status page's forwarding card for the signed-in account (nothing when it has no target). */
export async function forwardCard(deps: WebDeps, user: WebUser, csrf: string, notice?: string) {
  const targets = await listTargets(deps.db, user.userId);
  const withLetters = await Promise.all(
    targets.map(async (t) => ({ ...t, letters: await listDeadLetters(deps.db, t.targetId, 20) })),
  );
  return forwardSection({
    targets: withLetters,
    csrf,
    timeZone: user.timeZone,
    ...(notice ? { notice } : {}),
  });
}

/**
 * `POST /status/forward/<target>/retry` (CSRF-checked like every form): queues the target's
 * dead letters and forwards at once, then back to the Status page with what happened. A
 * target of another account is a 404, as if it did not exist.
 */
export function registerForwardRoutes(app: Hono<WebEnv>, deps: WebDeps): void {
  const forward = forwardJob(deps);
  app.post('/status/forward/:target/retry', async (c) => {
    const user = c.get('user')!;
    const target = await findTarget(deps.db, user.userId, c.req.param('target'));
    if (!target) return c.text('No such forward target', 404);
    const queued = await queueDeadLetters(deps.db, target.targetId);
    const report = await forward({ userId: user.userId });
    const left = (await listDeadLetters(deps.db, target.targetId)).length;
    deps.logger.info('forward retry from the Status page', {
      target: target.targetId,
      outcome: report.outcome,
    });
    // Numbers only in the URL: the sentence is written by the Status page, never reflected.
    return c.redirect(`/status?retried=${queued}&left=${left}#forward`, 303);
  });
}
