import { afterEach, describe, expect, it } from 'vitest';
import { MATCHER_VERSION, performerKey } from '../../src/matching/index.ts';
import { type MatchDeps, matchPerformers } from '../../src/shows/match-performers.ts';
import { parseArtistTarget, setManualMatch } from '../../src/shows/manual-match.ts';
import { resolvePerformerArtists } from '../../src/shows/billing-matches.ts';
import { getMatch } from '../../src/store/matches.ts';
import { type Harness, startHarness } from '../helpers/harness.ts';
import { insertShow, tributeOf } from './store-helpers.ts';

const USER = 'demo-alice';
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function setUp(): Promise<Harness> {
  h = await startHarness({ sim: { timeline: { days: 2 } } });
  await h.connect(USER);
  return h;
}

function deps(harness: Harness): MatchDeps {
  return {
    db: harness.db,
    spotify: harness.services.spotify.client,
    userId: USER,
    clock: harness.clock,
    logger: harness.logger,
  };
}

const calls = (harness: Harness, prefix: string) => harness.sim.state.requestLog.callCount(prefix);
const idOf = (harness: Harness, name: string) => harness.sim.state.catalog.artistByName(name)!.id;

describe('match job', () => {
  it('handles empty, punctuation-only and non-Latin names', async () => {
    const h = await setUp();
    const now = h.clock.now();
    await insertShow(h.db, now, { performers: [{ name: '' }, { name: '???' }] });
    await insertShow(h.db, now, { performers: [{ name: '!!!' }] });
    await insertShow(h.db, now, { performers: [{ name: 'Мумий Тролль' }] });
    await insertShow(h.db, now, { performers: [{ name: '방탄소년단' }] });
    await insertShow(h.db, now, { performers: [{ name: 'BTS 방탄소년단 Live', link: idOf(h, 'BTS') }] });
    const searches = calls(h, '/search');
    const report = await matchPerformers(deps(h));
    expect(report.deferred).toBeUndefined();
    // "" and "???" have nothing to search for; the linked billing needs no search either.
    expect(calls(h, '/search') - searches).toBe(3);
    const empty = await getMatch(h.db, performerKey(''));
    expect(empty).toBeUndefined(); // an empty key is not a performer
    const punctuation = await getMatch(h.db, performerKey('???'));
    expect(punctuation).toMatchObject({ artistId: null, method: 'none' });
    expect(punctuation!.reason).toMatch(/no letters or digits/);
    expect(await getMatch(h.db, performerKey('!!!'))).toMatchObject({
      artistId: idOf(h, '!!!'),
      method: 'exact',
    });
    expect(await getMatch(h.db, performerKey('Мумий Тролль'))).toMatchObject({
      artistId: idOf(h, 'Мумий Тролль'),
      method: 'exact',
    });
    // No transliteration: Hangul without a link stays unmatched; with a link it is BTS.
    expect(await getMatch(h.db, performerKey('방탄소년단'))).toMatchObject({
      artistId: null,
      method: 'none',
    });
    expect(await getMatch(h.db, performerKey('BTS 방탄소년단 Live'))).toMatchObject({
      artistId: idOf(h, 'BTS'),
      method: 'link',
    });
  });

  it('verifies a source link once, and an unchanged rerun makes no calls at all', async () => {
    const h = await setUp();
    const now = h.clock.now();
    const zeppelin = idOf(h, 'Led Zeppelin');
    await insertShow(h.db, now, { performers: [{ name: 'Led Zeppelin', link: zeppelin }] });
    await insertShow(h.db, now, { performers: [{ name: 'LED ZEPPELIN (Reunion)', link: zeppelin }] });
    await insertShow(h.db, now, { performers: [{ name: 'The Band' }, { name: 'Travis' }] });
    await insertShow(h.db, now, { performers: [{ name: 'Dead link band', link: 'AAAAAAAAAAAAAAAAAAAAAA' }] });
    await matchPerformers(deps(h));
    expect(calls(h, `/artists/${zeppelin}`)).toBe(1);
    expect(calls(h, '/artists/AAAAAAAAAAAAAAAAAAAAAA')).toBe(1);
    const dead = await getMatch(h.db, performerKey('Dead link band'));
    expect(dead!.reason).toMatch(/could not be verified/);
    expect(await getMatch(h.db, performerKey('The Band'))).toMatchObject({
      artistId: idOf(h, 'The Band'),
      method: 'exact',
    });

    // A new show billing the same linked artist later: the check is not repeated.
    await insertShow(h.db, now, { performers: [{ name: 'Led Zeppelin!', link: zeppelin }] });
    const before = calls(h, '');
    const second = await matchPerformers(deps(h));
    expect(second.decided).toBe(1);
    expect(calls(h, `/artists/${zeppelin}`)).toBe(1);
    expect(calls(h, '') - before).toBe(0);

    const third = await matchPerformers(deps(h));
    expect(third).toMatchObject({ decided: 0, settled: 6 });
    expect(calls(h, '') - before).toBe(0);
  });

  it('a manual override wins over every later run, and an outdated decision is recomputed', async () => {
    const h = await setUp();
    const now = h.clock.now();
    await insertShow(h.db, now, { performers: [{ name: 'The Band' }, { name: 'Phoenix' }] });
    await matchPerformers(deps(h));
    const perry = idOf(h, 'The Band Perry');
    expect(parseArtistTarget(`https://open.spotify.com/artist/${perry}?si=x`)).toBe(perry);
    expect(parseArtistTarget('none')).toBeNull();
    await setManualMatch(h.db, 'The Band', { id: perry, name: 'The Band Perry' }, new Date(now));
    await setManualMatch(h.db, 'Phoenix', null, new Date(now));
    // Even a matcher upgrade leaves manual rows alone (simulate: age every row).
    await h.db.run('UPDATE artist_matches SET matcher_version = ?', [MATCHER_VERSION - 1]);
    await insertShow(h.db, now, { performers: [{ name: 'Yes' }] });
    await h.db.run(`UPDATE artist_matches SET matcher_version = ? WHERE NOT manual`, [MATCHER_VERSION - 1]);
    const report = await matchPerformers(deps(h));
    expect(report.decided).toBe(1);
    expect(await getMatch(h.db, performerKey('The Band'))).toMatchObject({ artistId: perry, manual: true });
    expect(await getMatch(h.db, performerKey('Phoenix'))).toMatchObject({ artistId: null, manual: true });
    const resolved = await resolvePerformerArtists(h.db, ['The Band', 'Phoenix']);
    expect(resolved.get('The Band')!.map((a) => a.artistId)).toEqual([perry]);
    expect(resolved.get('Phoenix')).toEqual([]);
  });

  it('flags tribute acts on the stored bill and never matches them', async () => {
    const h = await setUp();
    const now = h.clock.now();
    await insertShow(h.db, now, {
      performers: [
        { name: 'Zoso - The Ultimate Led Zeppelin Experience', link: idOf(h, 'Led Zeppelin') },
        { name: 'Led Zeppelin' },
      ],
    });
    await insertShow(h.db, now, { performers: [{ name: 'Bruce Springsteen & The E Street Band' }] });
    // The same act spelled in capitals on another show: one decision, both rows flagged.
    await insertShow(h.db, now, { performers: [{ name: 'ZOSO - THE ULTIMATE LED ZEPPELIN EXPERIENCE' }] });
    const report = await matchPerformers(deps(h));
    expect(report.tributes).toBe(1);
    expect(await tributeOf(h.db, 'Zoso - The Ultimate Led Zeppelin Experience')).toBe(true);
    expect(await tributeOf(h.db, 'ZOSO - THE ULTIMATE LED ZEPPELIN EXPERIENCE')).toBe(true);
    expect(await tributeOf(h.db, 'Led Zeppelin')).toBe(false);
    const tribute = await getMatch(h.db, performerKey('Zoso - The Ultimate Led Zeppelin Experience'));
    expect(tribute).toMatchObject({ artistId: null, tribute: true });
    // The tribute's link is not even verified: the act is not the artist it names.
    expect(calls(h, `/artists/${idOf(h, 'Led Zeppelin')}`)).toBe(0);
    const resolved = await resolvePerformerArtists(h.db, ['Bruce Springsteen & The E Street Band']);
    expect(resolved.get('Bruce Springsteen & The E Street Band')!.map((a) => a.artistName)).toContain(
      'Bruce Springsteen',
    );
  });

  it('a Spotify 429 mid-run keeps the decisions made so far, and the next run resumes', async () => {
    const h = await setUp();
    const now = h.clock.now();
    const names = ['Led Zeppelin', 'Beyoncé', 'P!nk', 'Travis Scott', 'Sigur Rós', 'M83'];
    for (const [i, name] of names.entries())
      await insertShow(h.db, now, { performers: [{ name }], inDays: i + 1 });
    const searches = () => calls(h, '/search');
    const start = searches();
    // The third search is refused for an hour (longer than encore waits): aim the fault at it.
    let seen = 0;
    const spotify = h.services.spotify.client;
    const real = spotify.searchArtists.bind(spotify);
    spotify.searchArtists = async (...args) => {
      if (++seen === 3)
        h.sim.state.injectFault({ kind: 'rate_limit', retryAfterSeconds: 3600, path: '/v1/search' });
      return real(...args);
    };
    const first = await matchPerformers(deps(h));
    expect(first.deferred).toBeDefined();
    expect(first.decided).toBe(2);
    expect(searches() - start).toBe(3);
    const kept = await h.db.all('SELECT performer_key FROM artist_matches');
    expect(kept).toHaveLength(2);

    // Before the resume time, the API stays paused: nothing is sent.
    const again = await matchPerformers(deps(h));
    expect(again.deferred).toBeDefined();
    expect(searches() - start).toBe(3);

    h.clock.advance(3601_000);
    const resumed = await matchPerformers(deps(h));
    expect(resumed.deferred).toBeUndefined();
    expect(resumed).toMatchObject({ decided: 4, settled: 2 });
    expect(searches() - start).toBe(3 + 4);
    expect(first.deferred!.resumeAt).toBeGreaterThan(now);
  });
});
