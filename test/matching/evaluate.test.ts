import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCasesJsonl, spotifyArtistIdFromLink } from '../../src/matching/cases.ts';
import { decideCase, evaluateCases, formatEvaluationLine } from '../../src/matching/evaluate.ts';

const casesText = readFileSync(new URL('./cases.jsonl', import.meta.url), 'utf8');

describe('the labelled cases', () => {
  const cases = parseCasesJsonl(casesText);
  const result = evaluateCases(cases);

  it('are enough to measure', () => {
    expect(result.cases).toBeGreaterThanOrEqual(100);
    expect(cases.filter((matchCase) => matchCase.expected === null).length).toBeGreaterThanOrEqual(15);
  });

  it('are matched with high precision and recall', () => {
    // Printed so a run shows the figures side by side with the original rule.
    console.log(formatEvaluationLine(result));
    expect(result.precision).toBeGreaterThanOrEqual(0.99);
    expect(result.recall).toBeGreaterThanOrEqual(0.95);
  });

  it('beat the original partial_ratio > 80 rule on precision', () => {
    expect(result.baselinePrecision).toBeLessThan(result.precision);
    expect(result.baselinePrecision).toBeLessThan(0.9);
  });

  it('fail only where the rule is known to fail', () => {
    // Honest misses: namesakes with no evidence, other scripts without a link; and one
    // wrong: a local band sharing a Spotify artist's name.
    const known = [
      'missed: Phoenix',
      'missed: Мумий Тролль',
      'missed: 방탄소년단',
      'missed: Muse: Will of the People World Tour',
      'wrong: Nova',
    ];
    const failures = result.failures.map((failure) => `${failure.kind}: ${failure.performer}`);
    expect(known).toEqual(expect.arrayContaining(failures));
  });

  it('give each artist id one name', () => {
    const namesById = new Map<string, string>();
    for (const candidate of cases.flatMap((matchCase) => matchCase.candidates)) {
      expect(namesById.get(candidate.id) ?? candidate.name).toBe(candidate.name);
      namesById.set(candidate.id, candidate.name);
    }
  });
});

describe('decideCase', () => {
  const base = { source_genre: 'Rock', candidates: [{ id: 'A'.repeat(22), name: 'Muse' }] };

  it('treats a link to a listed candidate as verified with its name', () => {
    const decision = decideCase({
      ...base,
      performer: 'Muse',
      spotify_link: `spotify:artist:${'A'.repeat(22)}`,
      expected: null,
    });
    expect(decision).toMatchObject({ method: 'link', artistName: 'Muse' });
  });

  it('treats a link to an unlisted id as verified without a name', () => {
    const decision = decideCase({
      ...base,
      performer: 'Muse',
      spotify_link: `spotify:artist:${'B'.repeat(22)}`,
      expected: null,
    });
    expect(decision).toMatchObject({ method: 'link', artistId: 'B'.repeat(22), artistName: null });
  });
});

describe('evaluateCases', () => {
  const id = (letter: string) => letter.repeat(22);
  const muse = { id: id('A'), name: 'Muse' };

  it('counts precision over accepted answers and recall over expected ones', () => {
    const result = evaluateCases([
      { performer: 'Muse', candidates: [muse], expected: id('A') },
      { performer: 'Muse', candidates: [muse], expected: id('B') },
      { performer: 'Nobody', candidates: [muse], expected: id('A') },
      { performer: 'Nobody', candidates: [muse], expected: null },
    ]);
    expect(result).toMatchObject({ cases: 4, precision: 0.5, recall: 1 / 3 });
    expect(result.failures.map((failure) => failure.kind)).toEqual(['wrong', 'missed']);
  });

  it('formats the summary line with two decimals', () => {
    const line = formatEvaluationLine({
      cases: 120,
      precision: 0.9917,
      recall: 0.9583,
      baselinePrecision: 0.8,
      baselineRecall: 0.93,
      byFamily: [],
      failures: [],
    });
    expect(line).toBe(
      'match cases=120 precision=0.99 recall=0.96 baseline_precision=0.80 baseline_recall=0.93',
    );
  });
});

describe('parseCasesJsonl', () => {
  const good = JSON.stringify({
    performer: 'Muse',
    source_genre: null,
    spotify_link: null,
    candidates: [],
    expected: null,
  });

  it('skips blank lines', () => {
    expect(parseCasesJsonl(`${good}\n\n${good}\n`)).toHaveLength(2);
  });

  it('names the line of invalid JSON', () => {
    expect(() => parseCasesJsonl(`${good}\n{oops`)).toThrow(/line 2: not valid JSON/);
  });

  it('names the line and field of a bad case', () => {
    const bad = JSON.stringify({
      performer: 'Muse',
      candidates: [{ id: 'short', name: 'Muse' }],
      expected: null,
    });
    expect(() => parseCasesJsonl(`${good}\n${good}\n${bad}`)).toThrow(
      /line 3: candidates\.0\.id: a Spotify artist id/,
    );
    expect(() => parseCasesJsonl('{"performer":"Muse","candidates":[]}')).toThrow(/line 1: expected/);
  });

  it('rejects a link that is not a Spotify artist link', () => {
    const bad = JSON.stringify({
      performer: 'Muse',
      spotify_link: 'spotify:track:x',
      candidates: [],
      expected: null,
    });
    expect(() => parseCasesJsonl(bad)).toThrow(/line 1: spotify_link/);
  });
});

describe('spotifyArtistIdFromLink', () => {
  it('reads URIs and open.spotify.com URLs, dropping the query', () => {
    const artistId = '4Z8W4fKeB5YxbusRsdQVPb';
    expect(spotifyArtistIdFromLink(`spotify:artist:${artistId}`)).toBe(artistId);
    expect(spotifyArtistIdFromLink(`https://open.spotify.com/artist/${artistId}?autoplay=true`)).toBe(
      artistId,
    );
    expect(spotifyArtistIdFromLink('https://open.spotify.com/track/4Z8W4fKeB5YxbusRsdQVPb')).toBeNull();
  });
});
