import { describe, expect, it } from 'vitest';
import { decideBilled, headlinerMatch, lookupNamesFor } from '../../src/matching/billed.ts';
import type { Candidate } from '../../src/matching/types.ts';

function artist(id: string, name: string, genres: string[] = []): Candidate {
  return { id, name, genres };
}

/** A pre-fetched search: each name's own results, as a caller would have them. */
function searches(results: Record<string, Candidate[]>) {
  const asked: string[] = [];
  const lookup = (name: string) => {
    asked.push(name);
    return results[name] ?? [];
  };
  return { lookup, asked };
}

const bruce = artist('bruce', 'Bruce Springsteen');
const estreet = artist('esb', 'The E Street Band');

describe('decideBilled', () => {
  it('falls back to the "&" parts only when the whole billing finds nothing', () => {
    const { lookup, asked } = searches({
      'Bruce Springsteen & The E Street Band': [bruce, estreet],
      'Bruce Springsteen': [bruce],
      'The E Street Band': [estreet],
    });
    const matches = decideBilled('Bruce Springsteen & The E Street Band', lookup);
    expect(matches.map((match) => match.decision.artistId)).toEqual(['bruce', 'esb']);
    expect(asked[0]).toBe('Bruce Springsteen & The E Street Band');
    expect(headlinerMatch(matches)?.name).toBe('Bruce Springsteen');
  });

  it('keeps a name with "&" whole when it matches', () => {
    const { lookup } = searches({
      'Simon & Garfunkel': [artist('sg', 'Simon & Garfunkel'), artist('ps', 'Paul Simon')],
    });
    const matches = decideBilled('Simon & Garfunkel', lookup);
    expect(matches).toHaveLength(1);
    expect(matches[0]?.decision.artistId).toBe('sg');
  });

  it('accepts only exact names for "&" parts ("Florence" out of "Florence and the Machine")', () => {
    const { lookup } = searches({ Florence: [artist('flo', 'Florance')], 'the Machine': [] });
    const matches = decideBilled('Florence and the Machine', lookup);
    expect(matches.every((match) => match.decision.artistId === null)).toBe(true);
  });

  it('tries "Earth, Wind & Fire" and "AC/DC" whole before splitting them', () => {
    const ewf = artist('ewf', 'Earth, Wind & Fire');
    const { lookup } = searches({ 'Earth, Wind & Fire': [ewf], Earth: [artist('earth', 'Earth')] });
    expect(decideBilled('Earth, Wind & Fire', lookup).map((match) => match.decision.artistId)).toEqual([
      'ewf',
    ]);
    const acdc = searches({ 'AC/DC': [artist('acdc', 'AC/DC')] });
    expect(decideBilled('AC/DC', acdc.lookup)[0]?.decision.artistId).toBe('acdc');
  });

  it('splits a comma co-bill when the whole finds nothing', () => {
    const { lookup } = searches({
      'Khruangbin, Men I Trust': [artist('kb', 'Khruangbin')],
      Khruangbin: [artist('kb', 'Khruangbin')],
      'Men I Trust': [artist('mit', 'Men I Trust')],
    });
    const matches = decideBilled('Khruangbin, Men I Trust', lookup);
    expect(matches.map((match) => match.decision.artistId)).toEqual(['kb', 'mit']);
  });

  it('never matches the whole of a feat. billing', () => {
    const fake = artist('fake', 'Drake feat. 21 Savage');
    const { lookup, asked } = searches({
      Drake: [fake, artist('drake', 'Drake')],
      '21 Savage': [artist('21', '21 Savage')],
    });
    const matches = decideBilled('Drake feat. 21 Savage', lookup);
    expect(matches.map((match) => match.decision.artistId)).toEqual(['drake', '21']);
    expect(asked).not.toContain('Drake feat. 21 Savage');
  });

  it('drops the tour name and set notes before searching', () => {
    const { lookup, asked } = searches({ Muse: [artist('muse', 'Muse')] });
    expect(decideBilled('Muse: Will of the People World Tour', lookup)[0]?.decision.artistId).toBe('muse');
    expect(decideBilled('Muse (DJ Set)', lookup)[0]?.decision.artistId).toBe('muse');
    expect(asked).toEqual(['Muse', 'Muse']);
  });

  it("searches a tribute billing only for the act's own name", () => {
    const { lookup, asked } = searches({});
    const matches = decideBilled('Candlelight: A Tribute to Coldplay', lookup);
    expect(matches).toHaveLength(1);
    expect(matches[0]?.decision).toMatchObject({ artistId: null, tribute: true });
    expect(asked).toEqual(['Candlelight']);
  });

  it('decides a tribute billing without an act name without searching', () => {
    const { lookup, asked } = searches({});
    const matches = decideBilled('Tribute to Led Zeppelin', lookup);
    expect(matches[0]?.decision).toMatchObject({ artistId: null, tribute: true });
    expect(asked).toEqual([]);
  });

  it('lets a verified link decide the whole billing without searching', () => {
    const { lookup, asked } = searches({});
    const matches = decideBilled('Bruce Springsteen & The E Street Band', lookup, {
      link: { artistId: 'bruce', verifiedName: 'Bruce Springsteen' },
    });
    expect(matches.map((match) => match.decision.method)).toEqual(['link']);
    expect(asked).toEqual([]);
  });

  it('passes listening and genre evidence on to every part', () => {
    const a = artist('phx-a', 'Phoenix');
    const b = artist('phx-b', 'Phoenix');
    const { lookup } = searches({ Phoenix: [a, b] });
    const matches = decideBilled('Phoenix (Live)', lookup, { knownArtistIds: new Set(['phx-b']) });
    expect(matches[0]?.decision.artistId).toBe('phx-b');
  });

  it('keys each decision by performerKey of the decided name', () => {
    const { lookup } = searches({ Muse: [artist('muse', 'Muse')] });
    expect(decideBilled('MUSE: Live', lookup)[0]).toMatchObject({ name: 'MUSE', key: 'muse' });
  });
});

describe('lookupNamesFor', () => {
  it('lists what decideBilled may search, in order', () => {
    expect(lookupNamesFor('Muse: Will of the People World Tour')).toEqual(['Muse']);
    expect(lookupNamesFor('Bruce Springsteen & The E Street Band')).toEqual([
      'Bruce Springsteen & The E Street Band',
      'Bruce Springsteen',
      'The E Street Band',
    ]);
    expect(lookupNamesFor('Drake feat. 21 Savage')).toEqual(['Drake', '21 Savage']);
    expect(lookupNamesFor('Khruangbin, Men I Trust')).toEqual([
      'Khruangbin, Men I Trust',
      'Khruangbin',
      'Men I Trust',
    ]);
    expect(lookupNamesFor('Tribute to Led Zeppelin')).toEqual([]);
  });

  it('covers every name decideBilled asks for', () => {
    for (const billed of ['Def Leppard & Journey: Summer Tour', 'A, B & C', 'Fisher b2b Chris Lake with D']) {
      const { lookup, asked } = searches({});
      decideBilled(billed, lookup);
      expect(lookupNamesFor(billed)).toEqual(expect.arrayContaining([...new Set(asked)]));
    }
  });
});

describe('decideBilled with a dead link', () => {
  it('searches by name and says the link was ignored', () => {
    const { lookup } = searches({ Muse: [artist('muse', 'Muse')] });
    const [match] = decideBilled('Muse', lookup, { link: { artistId: 'gone', verifiedName: null } });
    expect(match?.decision).toMatchObject({ artistId: 'muse', method: 'exact' });
    expect(match?.decision.reason).toMatch(/could not be verified/);
  });
});
