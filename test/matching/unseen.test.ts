import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCasesJsonl } from '../../src/matching/cases.ts';
import { evaluateCases, formatEvaluationLine, formatFamilyLine } from '../../src/matching/evaluate.ts';

const FAMILIES = ['co-bill', 'common-word', 'non-latin', 'placeholder', 'punctuation', 'tribute'];

describe('the unseen cases (real listings the matcher was not first tuned on)', () => {
  const cases = parseCasesJsonl(readFileSync(new URL('./cases-unseen.jsonl', import.meta.url), 'utf8'));
  const result = evaluateCases(cases);

  it('cover every family with at least 8 cases, each from a named source', () => {
    expect(cases.length).toBeGreaterThanOrEqual(60);
    for (const family of FAMILIES) {
      expect(cases.filter((matchCase) => matchCase.family === family).length).toBeGreaterThanOrEqual(8);
    }
    expect(cases.every((matchCase) => FAMILIES.includes(matchCase.family ?? ''))).toBe(true);
    expect(cases.every((matchCase) => /^https?:\/\//u.test(matchCase.source ?? ''))).toBe(true);
  });

  it('are matched with precision ≥ 0.99 and recall ≥ 0.95', () => {
    console.log(formatFamilyLine(result));
    console.log(formatEvaluationLine(result));
    expect(result.precision).toBeGreaterThanOrEqual(0.99);
    expect(result.recall).toBeGreaterThanOrEqual(0.95);
  });

  it('hold the targets in every family, not only on average', () => {
    expect(result.byFamily.map((score) => score.family)).toEqual(FAMILIES);
    for (const score of result.byFamily) {
      expect(score.precision, score.family).toBeGreaterThanOrEqual(0.99);
      expect(score.recall, score.family).toBeGreaterThanOrEqual(0.9);
    }
  });

  it('give each artist id one name', () => {
    const namesById = new Map<string, string>();
    for (const candidate of cases.flatMap((matchCase) => matchCase.candidates)) {
      expect(namesById.get(candidate.id) ?? candidate.name).toBe(candidate.name);
      namesById.set(candidate.id, candidate.name);
    }
  });
});

describe('formatFamilyLine', () => {
  it('lists each family with its case count, precision and recall', () => {
    const result = evaluateCases([
      {
        performer: 'TBA',
        candidates: [{ id: 'A'.repeat(22), name: 'TBA' }],
        expected: null,
        family: 'placeholder',
      },
      { performer: 'Muse', candidates: [{ id: 'B'.repeat(22), name: 'Muse' }], expected: 'B'.repeat(22) },
    ]);
    expect(formatFamilyLine(result)).toBe(
      'families placeholder(1) precision=1.00 recall=1.00 | unlabelled(1) precision=1.00 recall=1.00',
    );
  });
});
