import { STREAMS_LEGEND } from '../../analytics/artist-streams.ts';
import { type Dashboard, DEFAULT_MIN_STREAM_MS } from '../../analytics/index.ts';
import { formatDuration } from '../../util/format.ts';
import { formatInt, formatMinutes } from '../format.ts';
import { html } from 'hono/html';
import type { Html } from '../markup.ts';
import { albumHref, artistHref, trackHref } from '../links.ts';
import { type RangeChoice, rangeForm } from '../range-picker.ts';
import { chartFigure, topList } from './parts.ts';
import { formatDecimal } from '../../util/numbers.ts';

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** The dashboard body: range form, now playing, KPIs, two charts and four top lists. */
export function dashboardView(d: Dashboard, choice: RangeChoice): Html {
  return html`<h1>Dashboard</h1>
    ${choice.problem ? html`<p class="notice bad" role="alert">${choice.problem}</p>` : ''}
    ${rangeForm(choice, { withBucket: true })}
    <section class="card now" data-now-playing data-state="unknown" aria-live="polite">
      <span class="dot" aria-hidden="true"></span>
      <div><strong>Now playing</strong><br /><span class="text muted">Asking Spotify…</span></div>
    </section>
    ${kpiList(d)} ${rangeNote(d, choice)}
    <div class="grid">${overTimeCard(d)} ${heatmapCard(d, choice)}</div>
    <div class="grid" style="margin-top:1rem">${topCards(d)}</div>`;
}

function kpiList(d: Dashboard): Html {
  const k = d.kpis;
  const kpi = (label: string, value: string, key: string, raw: number | null) =>
    html`<div class="kpi">
      <dt>${label}</dt>
      <dd data-kpi="${key}" data-value="${raw ?? ''}">${value}</dd>
    </div>`;
  return html`<dl class="kpis" aria-label="Key figures">
    ${kpi('Plays', formatInt(k.plays), 'plays', k.plays)}
    ${kpi('Listening time', formatMinutes(k.minutes), 'minutes', k.minutes)}
    ${kpi('Tracks', formatInt(k.distinctTracks), 'tracks', k.distinctTracks)}
    ${kpi('Artists', formatInt(k.distinctArtists), 'artists', k.distinctArtists)}
    ${kpi('Active days', formatInt(k.activeDays), 'activeDays', k.activeDays)}
    ${kpi('Avg song length', formatDuration(k.averageSongLengthMs) || '—', 'avgSong', k.averageSongLengthMs)}
    ${kpi('Sessions', formatInt(d.sessions.count), 'sessions', d.sessions.count)}
    ${kpi('New artists', formatInt(d.discoveries.newArtists), 'newArtists', d.discoveries.newArtists)}
  </dl>`;
}

/** Which days, in which zone, and what counts as a stream. */
function rangeNote(d: Dashboard, choice: RangeChoice): Html {
  return html`<p class="small muted">
    ${choice.first} – ${choice.last} (${d.range.timeZone}). Every count here is streams
    (${
      d.rule.minStreamMs === DEFAULT_MIN_STREAM_MS
        ? STREAMS_LEGEND
        : `plays of ${Math.round(d.rule.minStreamMs / 1000)} s or more`
    });
    ${formatInt(d.kpis.shortPlaysIgnored)} shorter plays left out.
  </p>`;
}

function overTimeCard(d: Dashboard): Html {
  return html`<section class="card" aria-labelledby="over-time">
    <h2 id="over-time">${d.metric === 'minutes' ? 'Minutes' : 'Plays'} per ${d.bucket}</h2>
    ${chartFigure({
      id: 'over-time',
      kind: 'timeline',
      label: `${d.metric} per ${d.bucket}`,
      data: {
        metric: d.metric,
        bucket: d.bucket,
        points: d.overTime.map((b) => ({ period: b.start, plays: b.plays, minutes: b.minutes })),
      },
      fallback: overTimeTable(d),
    })}
  </section>`;
}

function heatmapCard(d: Dashboard, choice: RangeChoice): Html {
  return html`<section class="card" aria-labelledby="heatmap">
    <h2 id="heatmap">When you listen</h2>
    ${chartFigure({
      id: 'heatmap',
      kind: 'heatmap',
      label: `${d.metric} by hour and weekday`,
      data: {
        metric: d.metric,
        cells: d.heatmap.map((c) => ({
          weekday: c.weekday - 1,
          hour: c.hour,
          plays: c.plays,
          minutes: c.minutes,
        })),
      },
      fallback: heatmapTable(d),
    })}
    <p class="small">
      <a href="${clockHref(choice)}" data-clock-link>The same range as a 24-hour clock →</a>
    </p>
  </section>`;
}

function topCards(d: Dashboard): Html {
  const pending = d.genresPending.plays
    ? html`<p class="muted" data-genres-pending>
        Genres pending: ${formatInt(d.genresPending.plays)} plays, ${formatMinutes(d.genresPending.minutes)}
        (run <code>encore resolve</code>).
      </p>`
    : '';
  return html`${topCard(
    'artists',
    d.topArtists.map((a) => ({ name: a.name, href: artistHref(a), plays: a.plays, minutes: a.minutes })),
    d,
  )}
  ${topCard(
    'tracks',
    d.topTracks.map((t) => ({
      name: t.name,
      href: trackHref(t.trackKey),
      detail: t.artistName,
      plays: t.plays,
      minutes: t.minutes,
    })),
    d,
  )}
  ${topCard(
    'albums',
    d.topAlbums.map((a) => ({
      name: a.name,
      href: albumHref(a),
      detail: a.artistName,
      plays: a.plays,
      minutes: a.minutes,
    })),
    d,
  )}
  ${topCard(
    'genres',
    d.topGenres.map((g) => ({ name: g.genre, plays: g.plays, minutes: g.minutes })),
    d,
    pending,
  )}`;
}

/** The Rediscover page's listening clock for the dashboard's range and metric. */
function clockHref(choice: RangeChoice): string {
  const q = new URLSearchParams({
    range: choice.preset,
    from: choice.first,
    to: choice.last,
    metric: choice.metric,
  });
  return `/rediscover?${q.toString()}#clock`;
}

function overTimeTable(d: Dashboard): Html {
  return html`<table data-table="over-time">
    <thead>
      <tr>
        <th scope="col">${d.bucket} starting</th>
        <th class="num" scope="col">Plays</th>
        <th class="num" scope="col">Minutes</th>
      </tr>
    </thead>
    <tbody>
      ${d.overTime.map(
        (b) =>
          html`<tr data-period="${b.start}" data-plays="${b.plays}" data-minutes="${b.minutes}">
            <td>${b.start}</td>
            <td class="num">${formatInt(b.plays)}</td>
            <td class="num">${formatDecimal(b.minutes, 1)}</td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}

function heatmapTable(d: Dashboard): Html {
  const cell = new Map(d.heatmap.map((c) => [`${c.weekday}:${c.hour}`, c]));
  const hours = Array.from({ length: 24 }, (_, h) => h);
  return html`<table data-table="heatmap" class="small">
    <thead>
      <tr>
        <th scope="col">Day</th>
        ${hours.map((h) => html`<th class="num" scope="col">${h}</th>`)}
      </tr>
    </thead>
    <tbody>
      ${WEEKDAYS.map(
        (name, i) =>
          html`<tr>
            <th scope="row">${name}</th>
            ${hours.map((h) => {
              const c = cell.get(`${i + 1}:${h}`);
              const value = d.metric === 'minutes' ? formatInt(c?.minutes ?? 0) : formatInt(c?.plays ?? 0);
              return html`<td
                class="num"
                data-weekday="${i + 1}"
                data-hour="${h}"
                data-plays="${c?.plays ?? 0}"
              >
                ${value}
              </td>`;
            })}
          </tr>`,
      )}
    </tbody>
  </table>`;
}

/** One "Top …" card: a heading and its ranked list. */
function topCard(
  kind: 'artists' | 'tracks' | 'albums' | 'genres',
  items: Parameters<typeof topList>[1],
  d: Pick<Dashboard, 'metric'>,
  note: Html | string = '',
) {
  return html`<section class="card" aria-labelledby="top-${kind}">
    <h2 id="top-${kind}">Top ${kind}</h2>
    ${topList(kind, items, d.metric)} ${note}
  </section>`;
}
