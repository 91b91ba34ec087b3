import { describe, expect, it } from 'vitest';
import type { PerformerMatch } from '../../src/matching/index.ts';
import {
  addClaim,
  type LinkClaims,
  rejectClaimedTwins,
  rejectGenreClashingTwins,
} from '../../src/shows/claimed.ts';

function accepted(name: string, artistId: string, artistName: string): PerformerMatch {
  return {
    name,
    key: name.toLowerCase(),
    decision: {
      artistId,
      artistName,
      method: 'exact',
      score: 100,
      runnerUp: null,
      reason: 'equal',
      tribute: false,
    },
  };
}

describe('"The" twins', () => {
  const claims: LinkClaims = new Map();
  addClaim(claims, 'id-the-killers', 'The Killers');
  addClaim(claims, 'id-beyonce', 'Beyoncé');

  it('leaves an unlinked "Killers" unmatched when the source links "The Killers" as its own act', () => {
    const [out] = rejectClaimedTwins([accepted('Killers', 'id-the-killers', 'The Killers')], claims);
    expect(out!.decision).toMatchObject({
      artistId: null,
      method: 'none',
      runnerUp: { id: 'id-the-killers' },
    });
    expect(out!.decision.reason).toMatch(/different act/);
  });

  it('keeps spelling variants that are not a "The" twin, and unclaimed twins', () => {
    const kept = rejectClaimedTwins(
      [accepted('Beyonce', 'id-beyonce', 'Beyoncé'), accepted('Band', 'id-the-band', 'The Band')],
      claims,
    );
    expect(kept.map((m) => m.decision.artistId)).toEqual(['id-beyonce', 'id-the-band']);
  });

  it('a twin whose genres contradict the show is left unmatched; a literal match never is', () => {
    const candidates = new Map([
      ['Wild Mirrors', [{ id: 'w', name: 'The Wild Mirrors', genres: ['jazz'] }]],
      ['The Band', [{ id: 'b', name: 'The Band', genres: ['jazz'] }]],
    ]);
    const out = rejectGenreClashingTwins(
      [accepted('Wild Mirrors', 'w', 'The Wild Mirrors'), accepted('The Band', 'b', 'The Band')],
      'Metal',
      candidates,
    );
    expect(out.map((m) => m.decision.artistId)).toEqual([null, 'b']);
    const fits = rejectGenreClashingTwins(
      [accepted('Wild Mirrors', 'w', 'The Wild Mirrors')],
      'Jazz',
      candidates,
    );
    expect(fits[0]!.decision.artistId).toBe('w');
  });
});
