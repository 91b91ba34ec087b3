import { describe, expect, it } from 'vitest';
import type { YearInReview } from '../../src/analytics/index.ts';
import { formatMinutes } from '../../src/web/format.ts';
import type { Html } from '../../src/web/markup.ts';
import { reviewCard, standaloneReview } from '../../src/web/views/review.ts';
import { dayName, daySpan, monthName } from '../../src/web/views/review-text.ts';

const nb = (s: string) => s.replaceAll(' ', '\u00a0').replace('\u00a0h\u00a0', '\u00a0h ');

describe('duration and date wording of the review', () => {
  it('formats every duration through one formatter', () => {
    expect(formatMinutes(9993)).toBe(nb('166 h 33 min'));
    expect(formatMinutes(125)).toBe(nb('2 h 5 min'));
    expect(formatMinutes(120)).toBe(nb('2 h'));
    expect(formatMinutes(45)).toBe(nb('45 min'));
    expect(formatMinutes(59.6)).toBe(nb('1 h'));
    expect(formatMinutes(0)).toBe(nb('0 min'));
    expect(formatMinutes(100_000)).toBe(nb('1,666 h 40 min'));
    expect(formatMinutes(null)).toBe('—');
    expect(formatMinutes(Number.NaN)).toBe('—');
  });

  it('names months and days in words', () => {
    expect(monthName('2026-03')).toBe('March');
    expect(monthName('2026-12-01', true)).toBe('December 2026');
    expect(monthName('2026-13')).toBe('2026-13');
    expect(dayName('2026-03-02')).toBe('2 March');
    expect(dayName('2026-03-02 19:57')).toBe('2 March, 19:57');
    expect(daySpan('2026-01-10', '2026-01-11')).toBe('10 – 11 January');
    expect(daySpan('2026-02-28', '2026-03-03')).toBe('28 February – 3 March');
    expect(daySpan('2026-05-04', '2026-05-04')).toBe('4 May');
  });
});

function review(over: Partial<YearInReview> = {}): YearInReview {
  const months = Array.from({ length: 12 }, (_, i) => ({
    start: `2026-${String(i + 1).padStart(2, '0')}-01`,
    plays: i === 2 ? 40 : 1,
    minutes: i === 2 ? 125 : 3,
  }));
  return {
    userId: 'spotify-user-1234',
    range: { from: '2026-01-01T00:00:00.000Z', to: '2027-01-01T00:00:00.000Z', timeZone: 'UTC' },
    rule: { minStreamMs: 30_000, sessionGapMinutes: 30 },
    plays: 51,
    minutes: 158,
    distinctArtists: 2,
    distinctTracks: 2,
    months,
    hours: Array.from({ length: 24 }, (_, hour) => ({
      hour,
      plays: hour === 22 ? 5 : 0,
      minutes: hour === 22 ? 20 : 0,
    })),
    topArtists: [
      { artistId: 'a1', name: 'Alpha & Co', plays: 40, minutes: 125, imageUrl: 'https://i.scdn.co/image/a1' },
      { artistId: null, name: 'beta', plays: 11, minutes: 33, imageUrl: null },
    ],
    topTracks: [
      {
        trackKey: 't1',
        trackId: 't1',
        name: 'One',
        artistName: 'Alpha & Co',
        albumName: 'First',
        plays: 40,
        minutes: 125,
        imageUrl: 'javascript:alert(1)',
      },
    ],
    topGenres: [],
    genresPending: { plays: 51, minutes: 158 },
    topMonth: { month: '2026-03', plays: 40, minutes: 125 },
    biggestDay: { date: '2026-03-02', plays: 10, minutes: 45 },
    longestSession: null,
    newArtists: { count: 1, first: [] },
    longestStreak: { days: 2, start: '2026-01-10', end: '2026-01-11' },
    ...over,
  };
}

/** A fragment as the text a browser gets. */
async function text(fragment: Html): Promise<string> {
  return String(await fragment);
}

describe('the review card', () => {
  const labels = { title: '2026 in review', who: 'Alice', period: '2026-01-01 – 2026-12-31' };

  it('shows month names, words for dates, the formatted total and both charts', async () => {
    const out = await text(reviewCard(review(), labels));
    expect(out).toContain(`>${nb('2 h 38 min')}</p>`); // the total: 158 minutes
    expect(out).toMatch(/data-fact="top-month">\s*<dt>Top month<\/dt>\s*<dd>March<small>/);
    expect(out).toContain('2 March');
    expect(out).toContain('10 – 11 January');
    expect(out).not.toMatch(/>2026-03</);
    expect(out.match(/<g data-month=/g)).toHaveLength(12);
    expect(out).toContain('<title>March: ' + nb('2 h 5 min') + '</title>');
    expect(out.match(/<g data-hour=/g)).toHaveLength(24);
    expect(out.match(/<path d=/g)).toHaveLength(1); // one hour with listening
    expect(out).toContain('22:00');
  });

  it('uses stored covers, draws a placeholder where none (or no safe URL) is known', async () => {
    const out = await text(reviewCard(review(), labels));
    expect(out).toMatch(/<img\s+src="https:\/\/i\.scdn\.co\/image\/a1"/);
    expect(out).not.toContain('javascript:');
    expect(out.match(/data-no-cover>B</g)).toHaveLength(1); // "beta"
    expect(out.match(/data-no-cover>F</g)).toHaveLength(1); // the track's album "First"
    expect(out).toContain('Alpha &amp; Co');
  });

  it('says genres pending instead of ranking an empty or "unknown" genre', async () => {
    const pending = await text(reviewCard(review(), labels));
    expect(pending).toContain('Genres pending: 51 plays');
    expect(pending).not.toContain('Nothing to show');
    const known = await text(
      reviewCard(
        review({
          topGenres: [{ genre: 'indie', plays: 51, minutes: 158 }],
          genresPending: { plays: 0, minutes: 0 },
        }),
        labels,
      ),
    );
    expect(known).toContain('data-bar="indie"');
    expect(known).not.toContain('Genres pending');
  });

  it('stands alone as one HTML file: inline style and SVG, no script, no link to the server', async () => {
    const file = await text(standaloneReview(review(), labels));
    expect(file.startsWith('<!doctype html>')).toBe(true);
    expect(file).toContain('<style>');
    expect(file).toContain('<svg');
    expect(file).not.toContain('<script');
    expect(file).not.toMatch(/(href|src)="\//);
    expect(file).toContain('March');
  });

  it('draws empty charts as a short note', async () => {
    const out = await text(
      reviewCard(
        review({
          months: review().months.map((m) => ({ ...m, plays: 0, minutes: 0 })),
          hours: review().hours.map((h) => ({ ...h, plays: 0, minutes: 0 })),
          topArtists: [],
          topTracks: [],
        }),
        labels,
      ),
    );
    expect(out).not.toContain('<g data-month=');
    expect(out).not.toContain('<g data-hour=');
    expect(out.match(/Nothing to show/g)!.length).toBeGreaterThanOrEqual(4);
  });
});
