import { describe, expect, it } from 'vitest';
import { decideBilled, lookupNamesFor } from '../../src/matching/billed.ts';
import { cleanPerformer, tributeActName } from '../../src/matching/clean.ts';
import { decideMatch } from '../../src/matching/decide.ts';
import { isPlaceholder } from '../../src/matching/placeholder.ts';
import type { Candidate } from '../../src/matching/types.ts';

function artist(id: string, name: string, genres: string[] = []): Candidate {
  return { id, name, genres };
}

const decide = (performer: string, candidates: Candidate[], sourceGenre: string | null = null) =>
  decideMatch({ performer, candidates, sourceGenre });

describe('punctuation-only differences', () => {
  const acdc = artist('acdc', 'AC/DC', ['hard rock']);

  it('matches a name written without its slash or spaces ("ACDC", "AC-DC")', () => {
    expect(decide('ACDC', [acdc], 'Rock')).toMatchObject({ artistId: 'acdc', method: 'exact' });
    expect(decide('AC-DC', [acdc], 'Rock')).toMatchObject({ artistId: 'acdc', method: 'exact' });
  });

  it('does not take a spaceless twin whose genres clash with the event', () => {
    expect(decide('AB/CD', [artist('abcd', 'ABCD', ['bollywood'])], 'Rock').artistId).toBeNull();
    expect(decide('AB/CD', [artist('abcd', 'ABCD')], 'Rock').artistId).toBe('abcd');
  });

  it('reads a lone "N" as "and"', () => {
    expect(decide('Guns and Roses', [artist('gnr', "Guns N' Roses")]).artistId).toBe('gnr');
  });
});

describe('one-word names', () => {
  it('never fuzzy-match a plural or near spelling', () => {
    expect(decide('Heart', [artist('h', 'Hearts')]).artistId).toBeNull();
    expect(decide('Metric', [artist('m', 'Metrics')]).reason).toMatch(/one-word names/);
  });

  it('let the event genre pick among namesakes', () => {
    const candidates = [artist('jp', 'Train', ['j-pop']), artist('us', 'Train', ['pop rock'])];
    expect(decide('Train', candidates, 'Rock').artistId).toBe('us');
  });

  it('let a source link carry the name', () => {
    const decision = decideMatch({
      performer: 'Ghost',
      candidates: [artist('other', 'Ghost', ['japanese psychedelic'])],
      link: { artistId: 'ghost', verifiedName: 'Ghost' },
    });
    expect(decision).toMatchObject({ artistId: 'ghost', method: 'link' });
  });

  it('do not let a name plus a word fuzzy-match the name ("Led Zeppelin 2")', () => {
    expect(decide('Led Zeppelin 2', [artist('lz', 'Led Zeppelin')]).artistId).toBeNull();
  });
});

describe('tribute acts with a subtitle', () => {
  it.each([
    ['Highway to Hell - A Tribute to AC/DC', 'Highway to Hell'],
    ['AC/DC Tribute: Back in Black', 'Back in Black'],
    ['Erasmith: The Ultimate Tribute to Aerosmith', 'Erasmith'],
    ['The Fab Four: The Ultimate Tribute', 'The Fab Four'],
    ['Elysium, a tribute to Nirvana', 'Elysium'],
  ])('%s is the act %s', (billed, own) => {
    expect(tributeActName(billed)).toBe(own);
  });

  it.each(['Tribute to Led Zeppelin', 'Hotel California - A Salute to the Eagles', 'Muse'])(
    '%s gives no act name',
    (billed) => {
      expect(tributeActName(billed)).toBeNull();
    },
  );

  it('matches the act on its own name, exactly, and never the artist it covers', () => {
    const aerosmith = artist('aero', 'Aerosmith', ['hard rock']);
    const erasmith = artist('era', 'Erasmith');
    const billed = 'Erasmith: The Ultimate Tribute to Aerosmith';
    expect(decide(billed, [aerosmith, erasmith])).toMatchObject({ artistId: 'era', tribute: true });
    expect(decide(billed, [aerosmith]).artistId).toBeNull();
    expect(
      decide('Pumpkin Heads - A Tribute to The Smashing Pumpkins', [artist('ph', 'Pumpkinhead')]).artistId,
    ).toBeNull();
  });

  it('does not take a namesake with established genres of its own', () => {
    const rain = artist('rain', 'RAIN', ['k-pop']);
    expect(decide('Rain - A Tribute to the Beatles', [rain], 'Rock').artistId).toBeNull();
  });

  it('searches the act name through decideBilled', () => {
    const asked: string[] = [];
    const matches = decideBilled('Queen Nation - A Tribute to Queen', (name) => {
      asked.push(name);
      return [artist('queen', 'Queen', ['rock']), artist('qn', 'Queen Nation')];
    });
    expect(asked).toEqual(['Queen Nation']);
    expect(lookupNamesFor('Queen Nation - A Tribute to Queen')).toEqual(['Queen Nation']);
    expect(matches[0]?.decision.artistId).toBe('qn');
  });
});

describe('co-bills', () => {
  const lookupFrom = (candidates: Candidate[]) => () => candidates;

  it.each([
    ['Def Leppard and Journey'],
    ['Def Leppard & Journey'],
    ['Def Leppard x Journey'],
    ['Def Leppard + Journey'],
    ['Def Leppard / Journey'],
    ['Def Leppard with Journey'],
  ])('splits %s into real artists', (billed) => {
    const matches = decideBilled(billed, lookupFrom([artist('dl', 'Def Leppard'), artist('j', 'Journey')]));
    expect(matches.map((match) => match.decision.artistId)).toEqual(['dl', 'j']);
  });

  it('keeps a real "&" name whole', () => {
    const candidates = [
      artist('jm', 'Johnny Manchild'),
      artist('band', 'Johnny Manchild & The Poor Bastards'),
    ];
    const matches = decideBilled('Johnny Manchild & The Poor Bastards', lookupFrom(candidates));
    expect(matches.map((match) => match.decision.artistId)).toEqual(['band']);
  });
});

describe('non-Latin scripts', () => {
  it('compares in the script the source gave', () => {
    const utada = artist('u', '宇多田ヒカル', ['j-pop']);
    expect(decide('宇多田ヒカル', [artist('x', 'Utada'), utada]).artistId).toBe('u');
    expect(decide('Мумий Тролль', [artist('m', 'Mumiy Troll Music Bar')]).artistId).toBeNull();
  });

  it('uses a name the billing gives in another script, in brackets', () => {
    expect(cleanPerformer('방탄소년단(BTS)').alternate).toBe('BTS');
    expect(cleanPerformer('Disclosure (DJ Set)').alternate).toBeNull();
    const matches = decideBilled('방탄소년단(BTS)', () => [artist('bts', 'BTS')]);
    expect(matches.map((match) => match.decision.artistId)).toEqual(['bts']);
    expect(lookupNamesFor('방탄소년단(BTS)')).toEqual(['방탄소년단', 'BTS']);
  });

  it('drops title brackets of other scripts and Russian listing prefixes', () => {
    expect(cleanPerformer('YOASOBI「電光石火」').whole).toBe('YOASOBI');
    expect(cleanPerformer('Мумий Тролль «С Новым годом, крошка!»').whole).toBe('Мумий Тролль');
    expect(cleanPerformer('Концерт группы Мумий Тролль').whole).toBe('Мумий Тролль');
  });
});

describe('placeholders', () => {
  it.each([
    'TBA',
    'Headliner TBA',
    'Special Guests',
    'with Special Guest',
    'Doors',
    'Doors Open 7:00 pm',
    'DJ Set',
    'Comedy Night with Tim Vine',
    'Comedy Night: NEW YORK vs. BOSTON',
    'Haley Hendrickson Memorial Open-Mic',
  ])('%s is a placeholder', (billed) => {
    expect(isPlaceholder(billed)).toBe(true);
  });

  it.each(['The Doors', 'Special Interest', 'DJ Shadow', 'Tim Vine'])('%s is a performer', (billed) => {
    expect(isPlaceholder(billed)).toBe(false);
  });

  it('stays unmatched even when Spotify has an artist of that exact name', () => {
    expect(decide('TBA', [artist('tba', 'TBA')]).artistId).toBeNull();
    expect(decide('Special Guests', [artist('sg', 'Special Guests')]).artistId).toBeNull();
    expect(decide('Doors', [artist('doors', 'The Doors', ['rock'])], 'Rock').artistId).toBeNull();
  });

  it('is neither searched nor matched as a co-bill part', () => {
    const asked: string[] = [];
    const matches = decideBilled('Metallica with Special Guests', (name) => {
      asked.push(name);
      return [artist('m', 'Metallica'), artist('sg', 'Special Guests')];
    });
    expect(matches.map((match) => match.decision.artistId)).toEqual(['m']);
    expect(asked).not.toContain('Special Guests');
    expect(lookupNamesFor('Metallica with Special Guests')).toEqual([
      'Metallica with Special Guests',
      'Metallica',
    ]);
  });
});
