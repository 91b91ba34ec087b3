import { describe, expect, it } from 'vitest';
import { composeParts } from '../../src/analytics/run.ts';
import { topArtistsSql, topTracksSql } from '../../src/analytics/sql/tops.ts';

describe('composing analyses into one statement', () => {
  it('looks names up once for every list that asks, and not at all when none does', () => {
    const both = composeParts({
      artists: topArtistsSql('plays', 5),
      tracks: topTracksSql('plays', 5),
      n: '(SELECT 1)',
    });
    const defined = both.ctes.map((cte) => cte.slice(0, cte.indexOf(' ')));
    expect(defined).toEqual(['top_ak', 'top_tk', 'named_rids', 'named']);
    expect(both.ctes[2]).toContain('SELECT rid FROM top_ak UNION SELECT rid FROM top_tk');
    expect(both.columns.split('AS "').length - 1).toBe(3);
    expect(composeParts({ n: '(SELECT 1)' }).ctes).toEqual([]);
  });

  it('refuses two analyses that define the same CTE', () => {
    expect(() => composeParts({ a: topTracksSql('plays', 5), b: topTracksSql('minutes', 5) })).toThrow(
      /top_tk/,
    );
  });
});
