import { describe, expect, it } from 'vitest';
import { baselineDecide } from '../../src/matching/baseline.ts';
import { decideMatch, MATCHER_VERSION } from '../../src/matching/decide.ts';
import type { Candidate, MatchInput } from '../../src/matching/types.ts';

/** A search result; the id says who it is, so expectations read plainly. */
function artist(id: string, name: string, genres: string[] = []): Candidate {
  return { id, name, genres };
}

function decide(performer: string, candidates: Candidate[], extra: Partial<MatchInput> = {}) {
  return decideMatch({ performer, candidates, ...extra });
}

describe('decideMatch: the hard cases of artist-matching.md', () => {
  it('"X" is not "Xavier Rudd", but is the band X when it is in the results', () => {
    const rudd = artist('rudd', 'Xavier Rudd');
    const ambassadors = artist('xamb', 'X Ambassadors');
    expect(decide('X', [rudd, ambassadors]).method).toBe('none');
    expect(decide('X', [rudd, artist('x', 'X'), ambassadors]).artistId).toBe('x');
  });

  it('"The Band" is not "The Band Perry"', () => {
    const decision = decide('The Band', [
      artist('perry', 'The Band Perry'),
      artist('camino', 'The Band CAMINO'),
    ]);
    expect(decision.method).toBe('none');
    expect(decision.runnerUp?.id).toBe('perry');
    expect(decide('The Band', [artist('perry', 'The Band Perry'), artist('band', 'The Band')]).artistId).toBe(
      'band',
    );
  });

  it('a tribute act is never matched, even to the artist it names', () => {
    const decision = decide('Tribute to Led Zeppelin', [artist('lz', 'Led Zeppelin')]);
    expect(decision).toMatchObject({ artistId: null, method: 'none', tribute: true });
    expect(decision.reason).toMatch(/tribute/);
  });

  it('a tribute act is not matched through a link either', () => {
    const decision = decide('The Music of Prince', [], {
      link: { artistId: 'prince', verifiedName: 'Prince' },
    });
    expect(decision).toMatchObject({ artistId: null, tribute: true });
  });

  it('"M" is not "M83", and is "-M-"', () => {
    expect(decide('M', [artist('m83', 'M83'), artist('mia', 'M.I.A.')]).method).toBe('none');
    expect(decide('M', [artist('m83', 'M83'), artist('m', '-M-')]).artistId).toBe('m');
  });

  it('"Yes" is not "Yesterday"; "Travis" is not "Travis Scott"', () => {
    expect(decide('Yes', [artist('yesterday', 'Yesterday')]).method).toBe('none');
    expect(decide('Travis', [artist('scott', 'Travis Scott'), artist('tritt', 'Travis Tritt')]).method).toBe(
      'none',
    );
    expect(decide('Travis', [artist('scott', 'Travis Scott'), artist('travis', 'Travis')]).artistId).toBe(
      'travis',
    );
  });

  it('"Phoenix" is not "Phoenix Symphony Orchestra"', () => {
    expect(decide('Phoenix', [artist('pso', 'Phoenix Symphony Orchestra')]).method).toBe('none');
  });

  it('"Drake" is not "Drake feat. 21 Savage"', () => {
    const decision = decide('Drake', [artist('fake', 'Drake feat. 21 Savage'), artist('drake', 'Drake')]);
    expect(decision).toMatchObject({ artistId: 'drake', method: 'exact' });
    expect(decide('Drake', [artist('fake', 'Drake feat. 21 Savage')]).method).toBe('none');
  });

  it('matches diacritics, "+"/"and", and stylised names exactly', () => {
    expect(decide('Beyonce', [artist('bey', 'Beyoncé')])).toMatchObject({
      artistId: 'bey',
      method: 'exact',
      score: 100,
    });
    expect(decide('Florence and the Machine', [artist('fatm', 'Florence + The Machine')]).method).toBe(
      'exact',
    );
    expect(decide('Sigur Ros', [artist('sr', 'Sigur Rós')]).method).toBe('exact');
    expect(decide('!!!', [artist('bang', '!!!')]).artistId).toBe('bang');
    expect(decide('Pink', [artist('floyd', 'Pink Floyd'), artist('pink', 'P!nk')]).artistId).toBe('pink');
    expect(decide('Ke$ha', [artist('kesha', 'Kesha'), artist('keshi', 'Keshi')]).artistId).toBe('kesha');
  });

  it('does not match across scripts without an identifier', () => {
    expect(decide('Мумий Тролль', [artist('mt', 'Mumiy Troll')]).method).toBe('none');
    expect(decide('방탄소년단', [artist('bts', 'BTS')]).method).toBe('none');
  });

  it('a name that normalises to nothing cannot match', () => {
    const decision = decide('???', [artist('q', '???')]);
    expect(decision.method).toBe('none');
    expect(decision.reason).toMatch(/no letters or digits/);
  });
});

describe('decideMatch: links', () => {
  it('a verified link wins over the search results', () => {
    const decision = decide('방탄소년단', [artist('other', 'Other')], {
      link: { artistId: 'bts', verifiedName: 'BTS' },
    });
    expect(decision).toMatchObject({ artistId: 'bts', artistName: 'BTS', method: 'link', score: 100 });
  });

  it('a link verified without a name still decides', () => {
    expect(decide('RY X', [], { link: { artistId: 'ryx' } })).toMatchObject({
      artistId: 'ryx',
      method: 'link',
    });
  });

  it('a dead link is ignored and said so', () => {
    const decision = decide('Muse', [artist('muse', 'Muse')], {
      link: { artistId: 'gone', verifiedName: null },
    });
    expect(decision).toMatchObject({ artistId: 'muse', method: 'exact' });
    expect(decision.reason).toMatch(/could not be verified/);
  });
});

describe('decideMatch: namesakes', () => {
  const french = artist('phx-fr', 'Phoenix', ['french indie pop', 'indie rock']);
  const romanian = artist('phx-ro', 'Phoenix', ['romanian rock']);
  const classical = artist('phx-cl', 'Phoenix', ['american orchestra']);

  it('without evidence, two artists with the same name stay unmatched', () => {
    const decision = decide('Phoenix', [french, romanian], { sourceGenre: 'Rock' });
    expect(decision.method).toBe('none');
    expect(decision.runnerUp?.id).toBe('phx-fr');
    expect(decision.reason).toMatch(/2 artists are named "phoenix"/);
  });

  it("the user's listening breaks the tie", () => {
    const known = new Set(['phx-ro']);
    expect(decide('Phoenix', [french, romanian], { knownArtistIds: known }).artistId).toBe('phx-ro');
  });

  it('with play counts, the most played known artist wins', () => {
    const plays = new Map([
      ['phx-fr', 120],
      ['phx-ro', 3],
    ]);
    const decision = decide('Phoenix', [romanian, french], { knownArtistIds: plays });
    expect(decision.artistId).toBe('phx-fr');
    expect(decision.reason).toMatch(/120 plays/);
  });

  it("genre overlap with the event's classification breaks the tie", () => {
    expect(decide('Phoenix', [french, classical], { sourceGenre: 'Classical' }).artistId).toBe('phx-cl');
    expect(decide('Phoenix', [classical, french], { sourceGenre: 'Alternative Rock' }).artistId).toBe(
      'phx-fr',
    );
  });

  it('genre families bridge coarse and fine vocabularies', () => {
    const fisher = artist('fisher', 'FISHER', ['tech house']);
    const other = artist('fisher-2', 'Fisher', []);
    expect(decide('Fisher', [other, fisher], { sourceGenre: 'Dance/Electronic' }).artistId).toBe('fisher');
  });

  it('a literal spelling match is the last tie-break ("The Killers" over "Killers")', () => {
    const killers = artist('killers', 'The Killers');
    const french = artist('killers-fr', 'Killers');
    expect(decide('The Killers', [french, killers]).artistId).toBe('killers');
    expect(decide('Killers', [killers, french]).artistId).toBe('killers-fr');
  });
});

describe('decideMatch: fuzzy', () => {
  it('accepts a close spelling that clearly leads', () => {
    const decision = decide('Alanis Morisette', [
      artist('am', 'Alanis Morissette'),
      artist('sn', 'Stevie Nicks'),
    ]);
    expect(decision).toMatchObject({ artistId: 'am', method: 'fuzzy' });
    expect(decision.score).toBeGreaterThanOrEqual(90);
    expect(decision.runnerUp?.id).toBe('sn');
  });

  it('rejects a pun one letter too far (ratio 89)', () => {
    expect(decide('Fleetwood Mask', [artist('fm', 'Fleetwood Mac')]).method).toBe('none');
  });

  it('rejects names shorter than 4 characters unless equal', () => {
    expect(decide('Muse', [artist('m', 'Muse')]).method).toBe('exact');
    expect(decide('Mus', [artist('m', 'Muse')]).method).toBe('none');
  });

  it('needs a clear lead over the runner-up, or a tie-break', () => {
    const clear = decide('Lynyrd Skynard', [
      artist('a', 'Lynyrd Skynyrd'),
      artist('b', 'Lynyrd Skynyrd Band'),
    ]);
    expect(clear.method).toBe('fuzzy');
    const tied = decide('Jimmy Eats World', [
      artist('a', 'Jimmy Eat World'),
      artist('b', 'Jimmy Eat Worlds'),
    ]);
    expect(tied.method).toBe('none');
    expect(tied.reason).toMatch(/Too close to call/);
  });

  it('listening resolves two close fuzzy candidates', () => {
    const candidates = [artist('a', 'Jimmy Eat World'), artist('b', 'Jimmy Eat Worlds')];
    expect(decide('Jimmy Eats World', candidates, { knownArtistIds: new Set(['b']) }).artistId).toBe('b');
  });

  it('never accepts on a partial match alone', () => {
    expect(decide('Bruce Springsteen & The E Street Band', [artist('bs', 'Bruce Springsteen')]).method).toBe(
      'none',
    );
  });
});

describe('decideMatch: explanations', () => {
  it('records method, score and runner-up', () => {
    const decision = decide('Muse', [artist('muse', 'Muse'), artist('museo', 'Museo Rosenbach')]);
    expect(decision).toMatchObject({ method: 'exact', score: 100, runnerUp: { id: 'museo' } });
    expect(decision.reason).toContain('"muse"');
  });

  it('says when the search returned nothing', () => {
    expect(decide('Muse', []).reason).toMatch(/no artists/);
  });

  it('exposes a matcher version for stored decisions', () => {
    expect(MATCHER_VERSION).toBeGreaterThanOrEqual(1);
  });
});

describe('baselineDecide (the original rule)', () => {
  it('accepts the wrong artists of artist-matching.md', () => {
    expect(baselineDecide({ performer: 'X', candidates: [artist('rudd', 'Xavier Rudd')] }).artistId).toBe(
      'rudd',
    );
    expect(baselineDecide({ performer: 'M', candidates: [artist('m83', 'M83')] }).artistId).toBe('m83');
    const tribute = baselineDecide({
      performer: 'Tribute to Led Zeppelin',
      candidates: [artist('lz', 'Led Zeppelin')],
    });
    expect(tribute.artistId).toBe('lz');
  });

  it('misses "Florence and the Machine" (partial_ratio 80 is not above 80)', () => {
    const decision = baselineDecide({
      performer: 'Florence and the Machine',
      candidates: [artist('fatm', 'Florence + The Machine')],
    });
    expect(decision.method).toBe('none');
    expect(decision.score).toBe(80);
  });

  it('only looks at the first five results', () => {
    const filler = ['A', 'B', 'C', 'D', 'E'].map((name) => artist(name, `Zzz ${name}`));
    const decision = baselineDecide({ performer: 'Muse', candidates: [...filler, artist('muse', 'Muse')] });
    expect(decision.artistId).toBeNull();
  });
});
