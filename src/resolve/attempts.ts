import type { Queryable } from '../store/db.ts';

/**
 * `resolve_attempts`: one row per thing looked up, so that a rerun skips what is done or
 * known to be unresolvable. Subjects: `track:<id>`, `name:<track_key>`, `artist:<id>`.
 * A `failed` attempt (server error, bad response) is tried again in a later run, at most
 * MAX_FAILED_ATTEMPTS times.
 */
export type AttemptOutcome = 'resolved' | 'unresolved' | 'failed';

export const MAX_FAILED_ATTEMPTS = 3;

export const subject = {
  track: (id: string) => `track:${id}`,
  name: (trackKey: string) => `name:${trackKey}`,
  artist: (id: string) => `artist:${id}`,
};

export async function recordAttempt(
  db: Queryable,
  attempt: { subject: string; outcome: AttemptOutcome; resolvedId?: string | null; detail?: string | null },
  now: number,
): Promise<void> {
  await db.run(
    `INSERT INTO resolve_attempts (subject, outcome, resolved_id, detail, attempts, attempted_at)
     VALUES (?, ?, ?, ?, 1, ?::TIMESTAMPTZ)
     ON CONFLICT (subject) DO UPDATE SET outcome = excluded.outcome, resolved_id = excluded.resolved_id,
       detail = excluded.detail, attempts = resolve_attempts.attempts + 1, attempted_at = excluded.attempted_at`,
    [attempt.subject, attempt.outcome, attempt.resolvedId ?? null, attempt.detail ?? null, new Date(now)],
  );
}

/**
 * SQL condition on a LEFT JOINed attempt `a`: nothing tried yet, or a failure from an
 * earlier run (`?` = this run's start) that may be tried again.
 */
export const STILL_OPEN = `(a.subject IS NULL OR (a.outcome = 'failed' AND a.attempts < ${MAX_FAILED_ATTEMPTS}
  AND a.attempted_at < make_timestamptz(?::BIGINT * 1000)))`;
