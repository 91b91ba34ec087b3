import { describe, expect, it } from 'vitest';
import {
  ampersandSplit,
  cleanPerformer,
  isTribute,
  splitFirm,
  splitLoose,
} from '../../src/matching/clean.ts';

describe('isTribute', () => {
  it.each([
    'Tribute to Led Zeppelin',
    'Led Zepagain - A Tribute to Led Zeppelin',
    'Mania: The ABBA Tribute',
    'Hotel California - A Salute to the Eagles',
    'The Music of Prince',
    'Celebrating the Music of Aretha Franklin',
    'Orchestra Performs the Music of Radiohead',
    'Candlelight: The Best of Queen',
    'The Songs of Simon & Garfunkel',
    'Rocket Man - The Ultimate Elton John Experience',
    'Velvet Jones, a Prince cover band',
  ])('flags %s', (billed) => {
    expect(isTribute(billed)).toBe(true);
  });

  it.each([
    'The Jimi Hendrix Experience',
    'Coldplay - Music of the Spheres World Tour',
    'Led Zeppelin',
    'Dark Star Orchestra',
  ])('does not flag %s', (billed) => {
    expect(isTribute(billed)).toBe(false);
  });
});

describe('cleanPerformer', () => {
  it.each([
    ['Muse: Will of the People World Tour', 'Muse'],
    ['Coldplay - Music of the Spheres World Tour', 'Coldplay'],
    ['Jamie xx (DJ Set)', 'Jamie xx'],
    ['Bicep (Live)', 'Bicep'],
    ['Skrillex (18+)', 'Skrillex'],
    ['Disclosure [DJ Set] (Late Show)', 'Disclosure'],
    ['An Evening with Sarah McLachlan', 'Sarah McLachlan'],
    ['KEXP Presents: Japanese Breakfast', 'Japanese Breakfast'],
    ['Dierks Bentley and Friends', 'Dierks Bentley'],
    ['Hans Zimmer Live', 'Hans Zimmer'],
    ['Live', 'Live'],
    ['(Sandy) Alex G', '(Sandy) Alex G'],
    ['Sunn O)))', 'Sunn O)))'],
  ])('%s → %s', (billed, whole) => {
    expect(cleanPerformer(billed).whole).toBe(whole);
  });

  it('splits co-bills in billing order', () => {
    expect(cleanPerformer('Drake feat. 21 Savage').names).toEqual(['Drake', '21 Savage']);
    expect(cleanPerformer('Drake ft. 21 Savage').names).toEqual(['Drake', '21 Savage']);
    expect(cleanPerformer('Fisher b2b Chris Lake').names).toEqual(['Fisher', 'Chris Lake']);
    expect(cleanPerformer('Marshmello x Jonas Brothers').names).toEqual(['Marshmello', 'Jonas Brothers']);
    expect(cleanPerformer('Khruangbin with Men I Trust').names).toEqual(['Khruangbin', 'Men I Trust']);
    expect(cleanPerformer('Sabrina Carpenter w/ Amber Mark').names).toEqual([
      'Sabrina Carpenter',
      'Amber Mark',
    ]);
    expect(cleanPerformer('A; B / C, and D').names).toEqual(['A', 'B', 'C', 'D']);
    expect(cleanPerformer('Zach Bryan with special guest Kings of Leon').names).toEqual([
      'Zach Bryan',
      'Kings of Leon',
    ]);
  });

  it('does not split names that only look like co-bills', () => {
    expect(cleanPerformer('Lil Nas X').names).toEqual(['Lil Nas X']);
    expect(cleanPerformer('X Ambassadors').names).toEqual(['X Ambassadors']);
    expect(cleanPerformer('Jamie xx').names).toEqual(['Jamie xx']);
    expect(cleanPerformer('Bruce Springsteen & The E Street Band').names).toEqual([
      'Bruce Springsteen & The E Street Band',
    ]);
  });

  it('keeps the whole billing for names with loose separators, so it can be tried first', () => {
    const cleaned = cleanPerformer('Earth, Wind & Fire');
    expect(cleaned.whole).toBe('Earth, Wind & Fire');
    expect(splitFirm(cleaned.whole)).toEqual(['Earth, Wind & Fire']);
    expect(splitLoose('AC/DC')).toEqual(['AC', 'DC']);
  });

  it('detects a tribute from the whole billing, before the title is dropped', () => {
    const cleaned = cleanPerformer('Candlelight: A Tribute to Coldplay');
    expect(cleaned.tribute).toBe(true);
    expect(cleaned.whole).toBe('Candlelight');
  });
});

describe('ampersandSplit', () => {
  it('splits on &, and, +', () => {
    expect(ampersandSplit('Bruce Springsteen & The E Street Band')).toEqual([
      'Bruce Springsteen',
      'The E Street Band',
    ]);
    expect(ampersandSplit('Def Leppard and Journey')).toEqual(['Def Leppard', 'Journey']);
    expect(ampersandSplit('Queen + Adam Lambert')).toEqual(['Queen', 'Adam Lambert']);
  });

  it('returns the name alone when there is nothing to split', () => {
    expect(ampersandSplit('Muse')).toEqual(['Muse']);
    expect(ampersandSplit('Brandy')).toEqual(['Brandy']);
  });
});
