import { loadPollState } from './capture-user.ts';
import type { TokenStore } from '../spotify/token-store.ts';
import { consentStatus } from '../spotify/token-store.ts';
import type { Db } from '../store/db.ts';
import { playTotalsByUser } from '../store/plays.ts';
import { listUsers } from '../store/users.ts';

export interface AccountStatus {
  userId: string;
  displayName: string | null;
  connected: boolean;
  playsStored: number;
  lastPlayAt: number | null;
  lastCaptureAt: number | null;
  nextPollAt: number | null;
  consentExpiresAt: number | null;
  problems: AccountProblem[];
}

export type AccountProblem =
  | { kind: 'reconnect_needed'; reason: string }
  | { kind: 'paused'; until: number; quota: boolean }
  | { kind: 'consent_expiring'; on: number }
  | { kind: 'last_poll_failed'; message: string };

/** Per account: what was captured, what comes next, and anything that needs the user. */
export async function accountStatuses(
  db: Db,
  tokens: TokenStore | null,
  now: number,
): Promise<AccountStatus[]> {
  const users = await listUsers(db);
  const counts = new Map((await playTotalsByUser(db)).map((t) => [t.userId, t]));
  const stored = tokens ? await tokens.all().catch(() => []) : [];
  const byUser = new Map(stored.map((t) => [t.userId, t]));
  const out: AccountStatus[] = [];
  for (const user of users) {
    const token = byUser.get(user.user_id);
    const poll = await loadPollState(db, user.user_id, now);
    const problems: AccountProblem[] = [];
    const consent = token ? consentStatus(token.consentedAt, now) : null;
    if (token?.state === 'reconnect_needed')
      problems.push({ kind: 'reconnect_needed', reason: token.stateReason ?? 'authorisation lost' });
    else if (consent?.expired)
      problems.push({ kind: 'reconnect_needed', reason: 'the 6-month Spotify consent has expired' });
    else if (consent?.expiringSoon) problems.push({ kind: 'consent_expiring', on: consent.expiresAt });
    if (poll.deferredUntil && poll.deferredUntil > now) {
      problems.push({
        kind: 'paused',
        until: poll.deferredUntil,
        quota: poll.deferReason === 'quota_exceeded',
      });
    } else if (poll.lastError && token?.state !== 'reconnect_needed') {
      problems.push({ kind: 'last_poll_failed', message: poll.lastError });
    }
    const count = counts.get(user.user_id);
    out.push({
      userId: user.user_id,
      displayName: user.display_name,
      connected: Boolean(token),
      playsStored: count?.plays ?? 0,
      lastPlayAt: count?.lastPlayAt ?? null,
      lastCaptureAt: poll.lastSuccessAt,
      nextPollAt: token && token.state === 'ok' ? poll.nextPollAt : null,
      consentExpiresAt: consent?.expiresAt ?? null,
      problems,
    });
  }
  return out;
}

export function describeProblem(
  problem: AccountProblem,
  format: (ms: number) => string,
  formatDay: (ms: number) => string,
): string {
  switch (problem.kind) {
    case 'reconnect_needed':
      return `reconnect needed: ${problem.reason} — run \`encore connect\``;
    case 'paused':
      return `${problem.quota ? 'quota pause' : 'rate-limit pause'} until ${format(problem.until)}`;
    case 'consent_expiring':
      return `consent expiring on ${formatDay(problem.on)} — reconnect before then to keep capturing`;
    case 'last_poll_failed':
      return `last poll failed: ${problem.message}`;
  }
}
