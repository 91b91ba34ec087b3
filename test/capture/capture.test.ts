import { afterEach, describe, expect, it } from 'vitest';
import { accountStatuses, describeProblem } from '../../src/capture/account-status.ts';
import { runCapturePass } from '../../src/jobs/capture.ts';
import { captureUser, loadPollState } from '../../src/capture/capture-user.ts';
import { newRunReport } from '../../src/store/job-runs.ts';
import { type Harness, startHarness, storedPlays } from '../helpers/harness.ts';

const MIN = 60_000;
let h: Harness;
afterEach(async () => h?.close());

const pass = (extra = {}) => runCapturePass({ ...h.ctx, services: h.services }, extra);

/** Every play the simulator would have shown in recently-played by `now`. */
function visibleTruth(userId: string, now: number) {
  return h.sim.state.playsOf(userId).filter((p) => p.visibleAt <= now && p.msPlayed >= 30_000);
}

describe('capture', () => {
  it('backfills the last 50 plays on connect, with catalog rows and no extra calls', async () => {
    h = await startHarness();
    await h.connect('demo-alice');
    const before = h.sim.state.callCount('/v1');
    const report = newRunReport('listen-log', 'demo-alice', h.clock.now());
    await captureUser(
      { db: h.db, spotify: h.services.spotify.client, clock: h.clock, logger: h.logger },
      'demo-alice',
      h.captureOptions,
      report,
    );
    const truth = visibleTruth('demo-alice', h.clock.now()).slice(-50);
    const plays = await storedPlays(h.db, 'demo-alice');
    expect(plays.map((p) => `${p.track_id}@${p.played_at.getTime()}`)).toEqual(
      truth.map((p) => `${p.trackId}@${p.endedAt}`),
    );
    expect(h.sim.state.callCount('/v1') - before).toBe(1); // one recently-played call, nothing per track
    const tracks = await h.db.one<{ n: number }>('SELECT count(DISTINCT track_id) AS n FROM tracks');
    expect(tracks?.n).toBe(new Set(truth.map((p) => p.trackId)).size);
    const named = await h.db.one<{ n: number }>(
      'SELECT count(*) AS n FROM plays WHERE track_name IS NULL OR artist_name IS NULL',
    );
    expect(named?.n).toBe(0);
  });

  it('captures a simulated day without gaps or duplicates and infers play lengths', async () => {
    h = await startHarness();
    await h.connect('demo-bob');
    const end = h.clock.now() + 30 * 60 * MIN;
    while (h.clock.now() < end) {
      await pass({ onlyDue: true });
      const state = await loadPollState(h.db, 'demo-bob', h.clock.now());
      h.clock.set(Math.max(state.nextPollAt, h.clock.now() + MIN));
    }
    await pass();
    const truth = visibleTruth('demo-bob', h.clock.now());
    const firstStored = (await storedPlays(h.db, 'demo-bob'))[0]!.played_at.getTime();
    const expected = truth.filter((p) => p.endedAt >= firstStored);
    const plays = await storedPlays(h.db, 'demo-bob');
    const keys = plays.map((p) => `${p.track_id}@${p.played_at.getTime()}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toEqual(expected.map((p) => `${p.trackId}@${p.endedAt}`));
    expect(expected.length).toBeGreaterThan(60);
    // Inferred lengths never exceed the real ones by more than a pause inside a session.
    const byKey = new Map(expected.map((p) => [`${p.trackId}@${p.endedAt}`, p]));
    const skipped = plays.filter((p) => byKey.get(`${p.track_id}@${p.played_at.getTime()}`)?.skipped);
    expect(skipped.length).toBeGreaterThan(0);
    for (const play of skipped.filter((p) => p.ms_played_source === 'inferred')) {
      expect(play.ms_played).toBeLessThan(
        byKey.get(`${play.track_id}@${play.played_at.getTime()}`)!.msPlayed + 30 * MIN,
      );
    }
    const sources = new Set(plays.map((p) => p.ms_played_source));
    expect(sources.has('inferred')).toBe(true);
  });

  it('defers on Retry-After: 3600 without sleeping or busy-looping, and status shows when it resumes', async () => {
    h = await startHarness();
    await h.connect('demo-alice');
    h.sim.state.injectFault({
      kind: 'rate_limit',
      retryAfterSeconds: 3600,
      path: '/v1/me/player/recently-played',
    });
    const t0 = h.clock.now();
    const before = h.sim.state.callCount('/v1');
    const report = await pass();
    expect(report.outcome).toBe('deferred');
    const resumeAt = report.resumeAt!;
    expect(resumeAt - t0).toBeGreaterThanOrEqual(3_600_000);
    expect(resumeAt - t0).toBeLessThan(3_601_000); // plus the throttle's spacing, no more
    expect(h.clock.now() - t0).toBeLessThan(60_000);
    expect(h.sim.state.callCount('/v1') - before).toBe(1);
    // Later passes before the resume time make no call at all.
    h.clock.advance(10 * MIN);
    await pass();
    await pass({ onlyDue: true });
    expect(h.sim.state.callCount('/v1') - before).toBe(1);
    const [status] = await accountStatuses(h.db, h.services.spotify.tokens, h.clock.now());
    expect(status?.problems).toEqual([{ kind: 'paused', until: resumeAt, quota: false }]);
    const text = describeProblem(
      status!.problems[0]!,
      (ms) => new Date(ms).toISOString().slice(11, 16),
      String,
    );
    expect(text).toBe('rate-limit pause until 13:00');
    const run = await h.db.one<{ outcome: string; resume_at: Date }>(
      "SELECT outcome, resume_at FROM job_runs WHERE outcome = 'deferred'",
    );
    expect(run?.resume_at.getTime()).toBe(resumeAt);
    // After the pause, capture resumes by itself.
    h.clock.set(resumeAt + 1);
    const resumed = await pass({ onlyDue: true });
    expect(resumed.outcome).toBe('ok');
  });

  it('tells QUOTA_EXCEEDED apart and reports it as a quota pause', async () => {
    h = await startHarness();
    await h.connect('demo-alice');
    h.sim.state.injectFault({
      kind: 'quota_exceeded',
      retryAfterSeconds: 30,
      path: '/v1/me/player/recently-played',
    });
    const report = await pass();
    expect(report.outcome).toBe('deferred');
    expect(report.errors.join(' ')).toContain('QUOTA_EXCEEDED');
    const [status] = await accountStatuses(h.db, h.services.spotify.tokens, h.clock.now());
    expect(status?.problems[0]).toMatchObject({ kind: 'paused', quota: true });
  });

  it('marks a revoked account "reconnect needed" while the others keep capturing', async () => {
    h = await startHarness();
    await h.connect('demo-alice');
    await h.connect('demo-bob');
    h.sim.state.revokeRefreshTokens('demo-alice');
    h.sim.state.expireAccessTokens();
    h.clock.advance(2 * 3600 * 1000); // access tokens are past their hour: a refresh is needed
    const report = await pass();
    expect(report.counts.users_reconnect_needed).toBe(1);
    expect(report.outcome).toBe('partial');
    const statuses = await accountStatuses(h.db, h.services.spotify.tokens, h.clock.now());
    expect(statuses.find((s) => s.userId === 'demo-alice')?.problems[0]?.kind).toBe('reconnect_needed');
    expect(statuses.find((s) => s.userId === 'demo-bob')?.problems).toEqual([]);
    expect((await storedPlays(h.db, 'demo-bob')).length).toBeGreaterThan(0);
    // The refresh token was rotated and persisted before use: bob's stored token still works.
    h.clock.advance(2 * 3600 * 1000);
    const again = await pass();
    expect(again.counts.users_polled).toBe(1); // alice is skipped, not retried
    expect(again.errors.some((e) => e.startsWith('demo-bob'))).toBe(false);
  });

  it('skips malformed items, keeps their raw payload and counts them', async () => {
    h = await startHarness();
    await h.connect('demo-chen');
    h.clock.advance(3 * 3600 * 1000);
    h.sim.state.injectFault({
      kind: 'unexpected_shape',
      variant: 'all',
      path: '/v1/me/player/recently-played',
    });
    const report = await pass();
    expect(report.counts.items_skipped).toBeGreaterThan(0);
    const raw = await h.db.all<{ problem: string; body: string }>('SELECT problem, body FROM raw_payloads');
    expect(raw.length).toBe(report.counts.items_skipped);
    expect(raw.every((r) => r.problem.startsWith('item '))).toBe(true);
    h.sim.state.injectFault({ kind: 'malformed_json', path: '/v1/me/player/recently-played' });
    const broken = await pass();
    expect(broken.counts.pages_malformed).toBe(1);
    const pages = await h.db.one<{ n: number }>(
      "SELECT count(*) AS n FROM raw_payloads WHERE problem LIKE 'page:%'",
    );
    expect(pages?.n).toBe(1);
    // The good items of the odd page were stored, and the next poll completes the rest.
    await pass();
    const truth = visibleTruth('demo-chen', h.clock.now()).slice(-50);
    const stored = new Set(
      (await storedPlays(h.db, 'demo-chen')).map((p) => `${p.track_id}@${p.played_at.getTime()}`),
    );
    expect(truth.every((p) => stored.has(`${p.trackId}@${p.endedAt}`))).toBe(true);
  });

  it('survives 5xx and slow answers with retries', async () => {
    h = await startHarness();
    await h.connect('demo-alice');
    h.sim.state.injectFault({
      kind: 'server_error',
      status: 503,
      path: '/v1/me/player/recently-played',
      times: 2,
    });
    const report = await pass();
    expect(report.outcome).toBe('ok');
    expect(report.apiCalls['spotify GET /me/player/recently-played']).toBe(3);
  });
});
