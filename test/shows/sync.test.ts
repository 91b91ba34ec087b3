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
