import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listDeadLetters, queueDeadLetters } from '../../src/forward/ledger.ts';
import { createForwardRuntime } from '../../src/forward/runtime.ts';
import { listTargets } from '../../src/forward/targets.ts';
import { silentLogger } from '../../src/util/logger.ts';
import { addPlays, type ForwardWorld, LB_TOKEN, LFM_SESSION, START, startForwardWorld } from './world.ts';

let w: ForwardWorld;
beforeEach(async () => {
  w = await startForwardWorld();
});
afterEach(() => w.close());

const lbTracks = () => w.lb.state.received.map((l) => l.track);
const fmTracks = () => w.fm.state.scrobbles.map((s) => s.track);
const names = (n: number, prefix = 'Song') => Array.from({ length: n }, (_, i) => `${prefix} ${i}`);

describe('forwarding plays over HTTP to the simulators', () => {
  it('sends every play once, in play order, in batches within each API’s limit', async () => {
    await w.addTarget('anna', 'listenbrainz');
    await w.addTarget('anna', 'lastfm');
    await addPlays(w.db, 'anna', 2300, { gapMs: 60_000 }); // about 38 hours: all within Last.fm's 14 days
    const report = await w.run();
    expect(report.outcome).toBe('ok');
    expect(report.counts.delivered).toBe(4600);
    expect(w.lb.state.batches.map((b) => b.size)).toEqual([1000, 1000, 300]);
    expect(w.lb.state.batches.every((b) => b.listenType === 'import')).toBe(true);
    expect(w.fm.state.batches.map((b) => b.size)).toEqual([...Array(46).fill(50)]);
    expect(lbTracks()).toEqual(names(2300));
    expect(fmTracks()).toEqual(names(2300));
    // Start of play, in seconds: the play ended 180 s after it started.
    expect(w.lb.state.received[0]!.listenedAt).toBe(w.fm.state.scrobbles[0]!.timestamp);
    const again = await w.run();
    expect(again.counts.delivered).toBe(0);
    expect(w.lb.state.batches).toHaveLength(3);
    expect(w.lb.state.duplicates + w.fm.state.duplicates).toBe(0);
    const [fm, lb] = await listTargets(w.db, 'anna');
    expect([lb!.deliveredCount, fm!.deliveredCount]).toEqual([2300, 2300]);
  });

  it('sends new plays of a later run after the earlier ones, and one play as a single listen', async () => {
    await w.addTarget('anna', 'listenbrainz');
    await addPlays(w.db, 'anna', 3, { prefix: 'First' });
    await w.run();
    w.clock.advance(600_000);
    await addPlays(w.db, 'anna', 1, { prefix: 'Then', lastAtMs: w.clock.now() - 1000 });
    await w.run();
    expect(lbTracks()).toEqual([...names(3, 'First'), 'Then 0']);
    expect(w.lb.state.batches.map((b) => b.listenType)).toEqual(['import', 'single']);
  });

  it('waits out a 429 (X-RateLimit-Reset-In, Last.fm error 29) and retries 5xx, without duplicates', async () => {
    await w.addTarget('anna', 'listenbrainz');
    await w.addTarget('anna', 'lastfm');
    await addPlays(w.db, 'anna', 120);
    w.lb.state.faults.inject('rate_limit');
    w.lb.state.faults.inject('server_error', { times: 2 });
    w.fm.state.faults.inject('rate_limit', { after: 1 });
    w.fm.state.faults.inject('unavailable');
    w.fm.state.faults.inject('server_error');
    const before = w.clock.now();
    const report = await w.run();
    expect(report.outcome).toBe('ok');
    expect(lbTracks()).toEqual(names(120));
    expect(fmTracks()).toEqual(names(120));
    expect(w.lb.state.duplicates + w.fm.state.duplicates).toBe(0);
    expect(report.apiCalls['listenbrainz POST /1/submit-listens']).toBe(4); // 429, 500, 500, ok
    expect(report.apiCalls['lastfm track.scrobble']).toBe(6); // 3 batches + 29, 16, 500
    // After each 5xx the target is asked what arrived before the batch is sent again.
    expect(report.apiCalls['listenbrainz GET /1/user/{user}/listens']).toBe(2);
    expect(report.apiCalls['lastfm user.getRecentTracks']).toBe(2);
    expect(w.clock.now() - before).toBeGreaterThanOrEqual(1000); // the reset window was slept
  });

  it('does not re-send a batch that arrived but timed out: it asks Last.fm first', async () => {
    await w.addTarget('anna', 'lastfm');
    await addPlays(w.db, 'anna', 60);
    w.runtime = createForwardRuntime({
      config: w.config,
      clock: w.clock,
      logger: silentLogger,
      timeoutMs: 300,
    });
    w.fm.state.faults.inject('stall', { after: 1 }); // the second batch is stored, then never answered
    const report = await w.run();
    expect(report.outcome).toBe('ok');
    expect(report.counts.reconciled).toBe(10);
    expect(fmTracks()).toEqual(names(60));
    expect(w.fm.state.duplicates).toBe(0);
    expect(report.apiCalls['lastfm track.scrobble']).toBe(2);
    expect(report.apiCalls['lastfm user.getRecentTracks']).toBe(1);
  });

  it('stops at a long rate-limit pause (deferred) and carries on later from where it stopped', async () => {
    await w.addTarget('anna', 'listenbrainz');
    await addPlays(w.db, 'anna', 1500);
    w.lb.state.rateLimit = 1;
    w.lb.state.rateWindowSeconds = 3600;
    const first = await w.run();
    expect(first.outcome).toBe('deferred');
    expect(first.resumeAt).toBeGreaterThan(w.clock.now());
    expect(lbTracks()).toEqual(names(1000));
    w.clock.set(first.resumeAt! + 1000);
    w.lb.state.rateLimit = 0;
    const second = await w.run();
    expect(second.outcome).toBe('ok');
    expect(lbTracks()).toEqual(names(1500));
    expect(w.lb.state.duplicates).toBe(0);
  });

  it('disables a target whose ListenBrainz token is refused (401), visibly, and never retries it', async () => {
    const id = await w.addTarget('anna', 'listenbrainz');
    await addPlays(w.db, 'anna', 5);
    w.lb.state.tokens.delete(LB_TOKEN);
    const report = await w.run();
    expect(report.outcome).toBe('failed');
    expect(report.errors.join()).toMatch(/ListenBrainz refused the token \(401\)/);
    expect(report.errors.join()).not.toContain(LB_TOKEN);
    const [target] = await listTargets(w.db, 'anna');
    expect(target).toMatchObject({ targetId: id, enabled: false, state: 'auth_failed' });
    expect(target!.stateReason).toMatch(/401/);
    const calls = w.lb.state.requestLog.length;
    await w.run();
    expect(w.lb.state.requestLog.length).toBe(calls);
    const runs = await w.db.all<{ outcome: string; user_id: string }>(
      "SELECT outcome, user_id FROM job_runs WHERE job = 'forward'",
    );
    expect(runs).toEqual([{ outcome: 'failed', user_id: 'anna' }]);
  });

  it('disables a Last.fm target on error 9 (invalid session key)', async () => {
    await w.addTarget('anna', 'lastfm');
    await addPlays(w.db, 'anna', 5);
    w.fm.state.sessions.delete(LFM_SESSION);
    const report = await w.run();
    expect(report.errors.join()).toMatch(/Last\.fm refused the session key \(error 9\)/);
    const [target] = await listTargets(w.db, 'anna');
    expect(target).toMatchObject({ enabled: false, state: 'auth_failed' });
    expect(w.fm.state.scrobbles).toHaveLength(0);
  });

  it('puts refused plays on the dead-letter list and sends them again on retry', async () => {
    const lb = await w.addTarget('anna', 'listenbrainz', Date.UTC(1990, 0, 1));
    const fm = await w.addTarget('anna', 'lastfm', Date.UTC(1990, 0, 1));
    await addPlays(w.db, 'anna', 1, { prefix: 'Ancient', lastAtMs: Date.UTC(2001, 5, 1) }); // ListenBrainz: too early
    await addPlays(w.db, 'anna', 1, { prefix: 'Nameless', artist: null, lastAtMs: START - 7_200_000 });
    await addPlays(w.db, 'anna', 4);
    const report = await w.run();
    expect(report.outcome).toBe('ok');
    expect(lbTracks()).toEqual(names(4));
    expect(fmTracks()).toEqual(names(4));
    const lbDead = await listDeadLetters(w.db, lb);
    expect(lbDead.map((d) => [d.trackName, d.attempts])).toEqual([
      ['Ancient 0', 1],
      ['Nameless 0', 1],
    ]);
    expect(lbDead[0]!.error).toMatch(/ListenBrainz refused it: .*listened_at/);
    expect(lbDead[1]!.error).toBe('no artist or track name to send');
    const fmDead = await listDeadLetters(w.db, fm);
    expect(fmDead[0]!.error).toMatch(/last 14 days/);
    // The name is fixed in the history; a retry sends it, the ancient play fails a second time.
    await w.db.run("UPDATE plays SET artist_name = 'Found' WHERE track_name = 'Nameless 0'");
    expect(await queueDeadLetters(w.db, lb)).toBe(2);
    await w.run();
    expect(lbTracks()).toEqual([...names(4), 'Nameless 0']);
    expect((await listDeadLetters(w.db, lb)).map((d) => [d.trackName, d.attempts])).toEqual([
      ['Ancient 0', 2],
    ]);
    expect(w.lb.state.duplicates).toBe(0);
  });

  it('forwards imported plays only from the target’s start, and older ones with --since', async () => {
    await w.addTarget('anna', 'listenbrainz', START - 86_400_000);
    await addPlays(w.db, 'anna', 10, { prefix: 'Live', lastAtMs: START - 60_000, gapMs: 60_000 });
    await w.run();
    // An import adds older plays: before the target's start (not sent) and after it (sent).
    await addPlays(w.db, 'anna', 3, {
      prefix: 'Old',
      lastAtMs: START - 3 * 86_400_000,
      source: 'export_extended',
    });
    await addPlays(w.db, 'anna', 2, {
      prefix: 'Recent',
      lastAtMs: START - 3_600_000,
      source: 'export_extended',
    });
    await w.run();
    expect(lbTracks()).toEqual([...names(10, 'Live'), ...names(2, 'Recent')]);
    const backfill = await w.run({ sinceMs: START - 7 * 86_400_000 });
    expect(backfill.counts.delivered).toBe(3);
    expect(lbTracks().slice(-3)).toEqual(names(3, 'Old'));
    expect(w.lb.state.duplicates).toBe(0);
  });
});
