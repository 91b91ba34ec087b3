import type { Dashboard, HeatmapCell, Session, YearInReview } from '../analytics/index.ts';
import { formatTable } from './table.ts';
import { formatCount, formatDecimal, formatNumber } from '../util/numbers.ts';

/** `encore stats` as text: the dashboard's figures, then the review's highlights. */
export function formatStats(d: Dashboard, r: YearInReview, label: string): string {
  const out: string[] = [];
  out.push(
    `Listening of ${d.userId}, ${label} (${d.range.timeZone}); a play counts from ${d.rule.minStreamMs / 1000} s, ` +
      `sessions end after ${d.rule.sessionGapMinutes} min of silence.`,
    '',
  );
  out.push(figures(d));
  tops(out, d);
  section(
    out,
    `Listening over time (per ${d.bucket})`,
    [d.bucket, 'plays', 'minutes'],
    d.overTime.map((b) => [b.start, b.plays, b.minutes]),
  );
  section(out, 'Hour × weekday (plays; hours local)', ['day', ...hours()], heatmapRows(d.heatmap));
  section(
    out,
    'First listens in this range',
    ['date', 'artist'],
    d.discoveries.artists.map((a) => [a.localDate, a.name]),
  );
  out.push('', 'Highlights', highlights(r));
  return out.join('\n');
}

/** The range's key figures, one per row. */
function figures(d: Dashboard): string {
  const k = d.kpis;
  return formatTable(
    ['figure', 'value'],
    [
      ['plays', k.plays],
      ['minutes', k.minutes],
      ['hours', formatDecimal(k.minutes / 60, 1)],
      ['distinct tracks', k.distinctTracks],
      ['distinct artists', k.distinctArtists],
      ['distinct albums', k.distinctAlbums],
      ['average song length', duration(k.averageSongLengthMs)],
      ['average time per play', duration(k.averageListenMs)],
      ['active days', k.activeDays],
      ['short plays ignored', k.shortPlaysIgnored],
      [
        'sessions',
        `${formatCount(d.sessions.count)}${d.sessions.averageMinutes ? ` (avg ${formatNumber(d.sessions.averageMinutes)} min)` : ''}`,
      ],
      ['longest streak', streak(d.streaks.longest)],
      ['current streak', streak(d.streaks.current)],
      ['new artists', d.discoveries.newArtists],
      ['new tracks', d.discoveries.newTracks],
    ],
  );
}

/** Top artists, tracks, albums and genres, ranked by the chosen metric. */
function tops(out: string[], d: Dashboard): void {
  const by = d.metric === 'minutes' ? 'by minutes' : 'by plays';
  section(
    out,
    `Top artists (${by})`,
    ['#', 'artist', 'plays', 'minutes'],
    d.topArtists.map((a, i) => [i + 1, a.name, a.plays, a.minutes]),
  );
  section(
    out,
    `Top tracks (${by})`,
    ['#', 'track', 'artist', 'plays', 'minutes'],
    d.topTracks.map((t, i) => [i + 1, t.name, t.artistName, t.plays, t.minutes]),
  );
  section(
    out,
    `Top albums (${by})`,
    ['#', 'album', 'artist', 'plays', 'minutes'],
    d.topAlbums.map((a, i) => [i + 1, a.name, a.artistName, a.plays, a.minutes]),
  );
  section(
    out,
    `Top genres (${by})`,
    ['#', 'genre', 'plays', 'minutes'],
    d.topGenres.map((g, i) => [i + 1, g.genre, g.plays, g.minutes]),
  );
  if (d.genresPending.plays) out.push(`  ${genresPending(d.genresPending)}`);
}

function highlights(r: YearInReview): string {
  return formatTable(
    ['figure', 'value'],
    [
      ['top month', r.topMonth ? `${r.topMonth.month} (${formatNumber(r.topMonth.minutes)} min)` : '—'],
      [
        'biggest day',
        r.biggestDay ? `${r.biggestDay.date} (${formatNumber(r.biggestDay.minutes)} min)` : '—',
      ],
      ['longest session', session(r.longestSession)],
    ],
  );
}

function section(
  out: string[],
  title: string,
  headers: string[],
  rows: Array<Array<string | number | null>>,
) {
  out.push('', title);
  out.push(rows.length ? formatTable(headers, rows) : '  (nothing in this range)');
}

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

function hours(): string[] {
  return Array.from({ length: 24 }, (_, h) => String(h).padStart(2, '0'));
}

function heatmapRows(cells: HeatmapCell[]): Array<Array<string | number>> {
  return WEEKDAYS.map((day, i) => [
    day,
    ...cells.filter((c) => c.weekday === i + 1).map((c) => (c.plays ? c.plays : '.')),
  ]);
}

/** Plays whose artist's genres are not known yet: never shown as a genre called "unknown". */
export function genresPending(g: { plays: number; minutes: number }): string {
  return `genres pending: ${formatCount(g.plays)} play(s), ${formatNumber(g.minutes)} min (run \`encore resolve\` to look them up)`;
}

function duration(ms: number | null): string {
  if (ms === null) return '—';
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

function streak(s: { days: number; start: string; end: string } | null): string {
  return s ? `${s.days} day(s), ${s.start} – ${s.end}` : '—';
}

function session(s: Session | null): string {
  return s ? `${s.localStart}, ${formatCount(s.plays)} plays, ${formatNumber(s.minutes)} min` : '—';
}
