import { forwardJob } from '../../jobs/forward.ts';
import { listDeadLetters, queueDeadLetters } from '../../forward/ledger.ts';
import { findTarget, listTargets } from '../../forward/targets.ts';
import type { WebDeps, WebUser } from '../context.ts';
import type { ForwardView } from '../views/forward-status.ts';

/** The account's forward targets, each with its latest dead letters (the Status page's card). */
export async function loadForwardTargets(deps: WebDeps, user: WebUser): Promise<ForwardView['targets']> {
  const targets = await listTargets(deps.db, user.userId);
  return Promise.all(
    targets.map(async (t) => ({ ...t, letters: await listDeadLetters(deps.db, t.targetId, 20) })),
  );
}

/**
 * "Retry" on the Status page: queues the target's dead letters and forwards at once.
 * Undefined when the account has no such target (another account's is not there either).
 */
export function forwardRetry(deps: WebDeps) {
  const forward = forwardJob(deps);
  return async (user: WebUser, targetId: string): Promise<{ queued: number; left: number } | undefined> => {
    const target = await findTarget(deps.db, user.userId, targetId);
    if (!target) return undefined;
    const queued = await queueDeadLetters(deps.db, target.targetId);
    const report = await forward({ userId: user.userId });
    const left = (await listDeadLetters(deps.db, target.targetId)).length;
    deps.logger.info('forward retry from the Status page', {
      target: target.targetId,
      outcome: report.outcome,
    });
    return { queued, left };
  };
}
