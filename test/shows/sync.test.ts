import { afterEach, describe, expect, it } from 'vitest';
import { listMatches } from '../../src/store/matches.ts';
import { type ShowsHarness, spotifyCalls, startShows } from './helpers.ts';

let s: ShowsHarness | undefined;
afterEach(async () => {
  await s?.close();
  s = undefined;
});

describe('shows sync', () => {
  it('fetches, matches, picks; an unchanged rerun makes no search or track calls', async () => {
    s = await startShows();
    const first = await s.run();
    expect(first.report.outcome).toBe('ok');
    expect(first.report.counts.events_new).toBeGreaterThan(5);
    expect(first.match!.decided).toBeGreaterThan(5);
    expect(first.picks!.tracks).toBeGreaterThan(0);
    const matches = await listMatches(s.h.db);
    expect(matches.some((m) => m.method === 'link')).toBe(true);
    const searchesBefore = spotifyCalls(s.h, '/search');
    const tracksBefore = spotifyCalls(s.h, '/tracks');
    const artistsBefore = spotifyCalls(s.h, '/artists');
    const second = await s.run();
    expect(second.match!.decided).toBe(0);
    expect(second.picks!.picked).toBe(0);
    expect(spotifyCalls(s.h, '/search')).toBe(searchesBefore);
    expect(spotifyCalls(s.h, '/tracks')).toBe(tracksBefore);
    expect(spotifyCalls(s.h, '/artists')).toBe(artistsBefore);
    const runs = await s.h.db.all(`SELECT outcome, counts, api_calls FROM job_runs WHERE job = 'shows-sync'`);
    expect(runs).toHaveLength(2);
  });
});

describe('shows sync under a Spotify rate limit', () => {
  it('keeps what it decided before a long 429 and resumes there on the next run', async () => {
    // 12 Web API requests per hour: connecting uses a few, the sync runs out mid-way.
    s = await startShows({ sim: { rateLimit: { maxRequests: 12, windowMs: 3_600_000 } } });
    const first = await s.run();
    expect(first.report.outcome).toBe('deferred');
    expect(first.report.resumeAt).toBeGreaterThan(s.h.clock.now());
    expect(first.match!.deferred).toBeDefined();
    const kept = first.match!.decided;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(first.match!.performers);
    const stored = await listMatches(s.h.db);
    expect(stored.filter((m) => m.method !== 'split').length).toBeGreaterThanOrEqual(kept);
    const saved = await s.h.db.one<{ outcome: string; resume_at: Date }>(
      `SELECT outcome, resume_at FROM job_runs WHERE job = 'shows-sync'`,
    );
    expect(saved).toMatchObject({ outcome: 'deferred' });

    s.h.clock.set(first.report.resumeAt! + 1000);
    const searchesBefore = spotifyCalls(s.h, '/search');
    let second = await s.run({ sources: false });
    // The window may run out again; each run goes on from where the last stopped.
    while (second.report.outcome === 'deferred') {
      s.h.clock.set(second.report.resumeAt! + 1000);
      second = await s.run({ sources: false });
    }
    expect(second.match!.settled).toBeGreaterThanOrEqual(kept);
    const all = await listMatches(s.h.db);
    const keys = all.map((m) => m.performerKey);
    expect(new Set(keys).size).toBe(keys.length);
    // Nothing decided before the 429 was searched for again.
    expect(spotifyCalls(s.h, '/search') - searchesBefore).toBeLessThan(60);
    expect(second.picks!.artists).toBeGreaterThan(0);
  });
});
