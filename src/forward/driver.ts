/**
 * Forwards one target's due plays: first settles a batch left in flight by a crash (asks the
 * target which of its plays arrived), then sends the rest oldest first, in batches within the
 * API's limit. Each answered batch is recorded in one transaction, so a play is sent once.
 */
import { DeferredError, HttpError, NetworkError } from '../http/index.ts';
import type { Db } from '../store/db.ts';
import type { Clock } from '../util/clock.ts';
import { redact } from '../util/redact.ts';
import { DailyLimitError } from './lastfm.ts';
import { markInFlight, pendingPlays, readInFlight, recordBatch } from './ledger.ts';
import { disableTarget, type ForwardTarget } from './targets.ts';
import { type ForwardClient, ForwardAuthError, type ForwardPlay, type Rejection, refOf } from './types.ts';

export type TargetOutcome = 'ok' | 'disabled' | 'deferred' | 'failed' | 'skipped';

export interface TargetResult {
  targetId: string;
  kind: ForwardTarget['kind'];
  outcome: TargetOutcome;
  delivered: number;
  deadLettered: number;
  /** Plays of a crashed batch the target turned out to have already. */
  reconciled: number;
  requests: number;
  error?: string;
  resumeAt?: number;
}

/** How many due plays are read per round (the batches are cut from them). */
const ROUND = 5000;

export async function forwardTarget(
  deps: { db: Db; clock: Clock },
  target: ForwardTarget,
  client: ForwardClient,
): Promise<TargetResult> {
  const result: TargetResult = {
    targetId: target.targetId,
    kind: target.kind,
    outcome: 'ok',
    delivered: 0,
    deadLettered: 0,
    reconciled: 0,
    requests: 0,
  };
  if (!target.enabled) return { ...result, outcome: 'skipped', error: target.stateReason ?? 'disabled' };
  let sending: ForwardPlay[] | null = null;
  try {
    await settleInFlight(deps, target, client, result);
    for (;;) {
      const due = await pendingPlays(deps.db, target, ROUND);
      if (!due.length) return result;
      await deadLetterLocally(deps, target, client, due, result);
      for (const batch of batches(
        due.filter((p) => !client.precheck(p, deps.clock.now())),
        client.maxBatch,
      )) {
        sending = batch;
        await sendBatch(deps, target, client, batch, result);
        sending = null;
      }
      if (due.length < ROUND) return result;
    }
  } catch (error) {
    return failed(deps, target, result, error, sending !== null);
  }
}

/** 5xx or no answer: the batch may have arrived. Retried this often, asking the target first. */
const IN_DOUBT_RETRIES = 4;
const RETRY_BASE_MS = 1000;

function inDoubt(error: unknown): boolean {
  return error instanceof NetworkError || (error instanceof HttpError && error.status >= 500);
}

/**
 * Sends one batch and records the answer. After a 5xx or a timeout it waits (backoff), asks
 * the target which plays arrived, records those and re-sends only the rest.
 */
async function sendBatch(
  deps: { db: Db; clock: Clock },
  target: ForwardTarget,
  client: ForwardClient,
  first: ForwardPlay[],
  result: TargetResult,
): Promise<void> {
  let batch = first;
  for (let attempt = 0; ; attempt++) {
    await markInFlight(deps.db, target.targetId, batch, deps.clock.now());
    result.requests++;
    let rejections: Rejection[];
    try {
      rejections = await client.send(batch);
    } catch (error) {
      if (!inDoubt(error) || attempt >= IN_DOUBT_RETRIES) throw error;
      await deps.clock.sleep(RETRY_BASE_MS * 2 ** attempt);
      batch = await keepUndelivered(deps, target, client, batch, result);
      if (!batch.length) return;
      continue;
    }
    const refused = new Map(rejections.map((r) => [r.index, r.reason]));
    await recordBatch(
      deps.db,
      target.targetId,
      {
        delivered: batch.filter((_, i) => !refused.has(i)).map(refOf),
        rejected: rejections.map((r) => ({ ...refOf(batch[r.index]!), reason: r.reason })),
      },
      deps.clock.now(),
    );
    result.delivered += batch.length - refused.size;
    result.deadLettered += refused.size;
    return;
  }
}

/** Asks the target about a batch in doubt; records what arrived and returns the rest. */
async function keepUndelivered(
  deps: { db: Db; clock: Clock },
  target: ForwardTarget,
  client: ForwardClient,
  batch: ForwardPlay[],
  result: TargetResult,
): Promise<ForwardPlay[]> {
  result.requests++;
  const found = await client.delivered(batch);
  const arrived = batch.filter((_, i) => found.has(i));
  await recordBatch(
    deps.db,
    target.targetId,
    { delivered: arrived.map(refOf), rejected: [] },
    deps.clock.now(),
  );
  result.reconciled += arrived.length;
  result.delivered += arrived.length;
  return batch.filter((_, i) => !found.has(i));
}

async function settleInFlight(
  deps: { db: Db; clock: Clock },
  target: ForwardTarget,
  client: ForwardClient,
  result: TargetResult,
): Promise<void> {
  const inFlight = await readInFlight(deps.db, target.targetId);
  if (!inFlight.length) return;
  result.requests++;
  const found = await client.delivered(inFlight);
  // What arrived is recorded as delivered; the rest is due again and goes with the next batch.
  const arrived = inFlight.filter((_, i) => found.has(i)).map(refOf);
  await recordBatch(deps.db, target.targetId, { delivered: arrived, rejected: [] }, deps.clock.now());
  result.reconciled += arrived.length;
  result.delivered += arrived.length;
}

async function deadLetterLocally(
  deps: { db: Db; clock: Clock },
  target: ForwardTarget,
  client: ForwardClient,
  due: ForwardPlay[],
  result: TargetResult,
): Promise<void> {
  const now = deps.clock.now();
  const rejected = due.flatMap((p) => {
    const reason = client.precheck(p, now);
    return reason ? [{ ...refOf(p), reason }] : [];
  });
  if (!rejected.length) return;
  await recordBatch(deps.db, target.targetId, { delivered: [], rejected }, now);
  result.deadLettered += rejected.length;
}

function batches<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

async function failed(
  deps: { db: Db; clock: Clock },
  target: ForwardTarget,
  result: TargetResult,
  error: unknown,
  wasSending: boolean,
): Promise<TargetResult> {
  const message = redact((error as Error)?.message ?? String(error));
  const now = deps.clock.now();
  if (error instanceof ForwardAuthError) {
    // Refused before anything was stored: nothing is in flight. The target waits for a new secret.
    await markInFlight(deps.db, target.targetId, null, now);
    await disableTarget(deps.db, target.targetId, message, now);
    return { ...result, outcome: 'disabled', error: message };
  }
  if (error instanceof DeferredError) {
    if (wasSending) await markInFlight(deps.db, target.targetId, null, now); // a 429 stores nothing
    return { ...result, outcome: 'deferred', error: message, resumeAt: error.resumeAt };
  }
  if (error instanceof DailyLimitError) {
    const tomorrow = new Date(now);
    tomorrow.setUTCHours(24, 0, 0, 0);
    return { ...result, outcome: 'deferred', error: message, resumeAt: tomorrow.getTime() };
  }
  // A timeout, a network failure or a 5xx after every retry: the batch may or may not have
  // arrived. It stays in flight, and the next run asks the target before sending it again.
  return { ...result, outcome: 'failed', error: message };
}
