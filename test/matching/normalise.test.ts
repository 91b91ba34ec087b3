import { describe, expect, it } from 'vitest';
import { normaliseName, performerKey } from '../../src/matching/normalise.ts';

describe('normaliseName', () => {
  it.each([
    ['Beyoncé', 'beyonce'],
    ['Beyonce', 'beyonce'],
    ['Sigur Rós', 'sigur ros'],
    ['Mötley Crüe', 'motley crue'],
    ['MØ', 'mo'],
    ['Florence + The Machine', 'florence and the machine'],
    ['Florence and the Machine', 'florence and the machine'],
    ['Simon & Garfunkel', 'simon and garfunkel'],
    ['The Killers', 'killers'],
    ['The The', 'the'],
    ["Guns N' Roses", 'guns and roses'],
    ['Salt-N-Pepa', 'salt and pepa'],
    ['Destiny’s Child', 'destinys child'],
    ['R.E.M.', 'rem'],
    ['T.I.', 'ti'],
    ['Fred again..', 'fred again'],
    ['Tyler, The Creator', 'tyler the creator'],
    ['blink-182', 'blink 182'],
    ['ＢＴＳ', 'bts'],
  ])('%s → %s', (name, expected) => {
    expect(normaliseName(name)).toBe(expected);
  });

  it.each([
    ['P!nk', 'pink'],
    ['P!NK', 'pink'],
    ['Pink', 'pink'],
    ['Ke$ha', 'kesha'],
    ['!!!', 'chk chk chk'],
    ['Chk Chk Chk', 'chk chk chk'],
    ['A$AP Rocky', 'asap rocky'],
    ['ASAP Rocky', 'asap rocky'],
    ['Ty Dolla $ign', 'ty dolla sign'],
  ])('spells out the stylised name %s as %s', (name, expected) => {
    expect(normaliseName(name)).toBe(expected);
  });

  it('keeps non-Latin names as their folded letters, never empty', () => {
    expect(normaliseName('Мумий Тролль')).toBe('мумии тролль');
    expect(normaliseName('방탄소년단')).toBe('방탄소년단');
    expect(normaliseName('米津玄師')).toBe('米津玄師');
  });

  it('keeps the vowel signs of scripts where marks are letters', () => {
    expect(normaliseName('अरिजीत सिंह')).toBe('अरिजीत सिंह');
    expect(normaliseName('ガガ')).toBe('ガガ');
  });

  it('empties a name that is only punctuation and has no alias', () => {
    expect(normaliseName('???')).toBe('');
    expect(normaliseName('  ')).toBe('');
    expect(normaliseName('!')).toBe('');
  });

  it('does not confuse a stylised name with its neighbours', () => {
    expect(normaliseName('Pink Floyd')).toBe('pink floyd');
    expect(normaliseName('!!!!!!!')).toBe('');
  });
});

describe('performerKey', () => {
  it('is stable across case and spacing but not across spelling', () => {
    expect(performerKey('  Muse ')).toBe(performerKey('MUSE'));
    expect(performerKey('Beyoncé')).not.toBe(performerKey('Beyonce'));
  });

  it('is never empty for a punctuation-only name', () => {
    expect(performerKey('!!!')).toBe('!!!');
    expect(performerKey('???')).toBe('???');
  });
});
