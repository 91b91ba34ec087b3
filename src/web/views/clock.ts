import type { ClockHour, Metric } from '../../analytics/index.ts';
import { formatInt } from '../format.ts';
import { html } from 'hono/html';
import type { Html } from '../markup.ts';

const C = 160; // centre of the 320 × 320 drawing
const INNER = 42;
const OUTER = 138;

function point(angle: number, r: number): string {
  return `${(C + r * Math.sin(angle)).toFixed(1)},${(C - r * Math.cos(angle)).toFixed(1)}`;
}

/** One hour as a ring segment from INNER to `r`, midnight at the top, clockwise. */
function wedge(hour: number, r: number): string {
  const a0 = (hour / 24) * 2 * Math.PI + 0.01;
  const a1 = ((hour + 1) / 24) * 2 * Math.PI - 0.01;
  return `M${point(a0, INNER)} L${point(a0, r)} A${r},${r} 0 0 1 ${point(a1, r)} L${point(a1, INNER)} A${INNER},${INNER} 0 0 0 ${point(a0, INNER)} Z`;
}

/**
 * The 24-hour listening clock as plain SVG (drawn on the server, no script needed): one
 * segment per local hour, its length the hour's share of the busiest hour.
 */
export function clockSvg(hours: ClockHour[], metric: Metric): Html {
  const value = (h: ClockHour) => (metric === 'minutes' ? h.minutes : h.plays);
  const max = Math.max(...hours.map(value), 0);
  const busiest = max > 0 ? hours.find((h) => value(h) === max) : undefined;
  const label = busiest
    ? `Listening by hour of day; busiest ${busiest.hour}:00–${busiest.hour + 1}:00`
    : 'Listening by hour of day: nothing in this range';
  return html`<svg class="clock-svg" viewBox="0 0 320 320" role="img" aria-label="${label}" data-clock>
    <title>${label}</title>
    <circle class="ring" cx="${C}" cy="${C}" r="${OUTER}"></circle>
    <circle class="ring" cx="${C}" cy="${C}" r="${INNER}"></circle>
    ${hours.map((h) => {
      const v = value(h);
      if (v <= 0 || max <= 0) return '';
      const r = INNER + Math.max(4, ((OUTER - INNER) * v) / max);
      return html`<path class="wedge" d="${wedge(h.hour, r)}" data-hour="${h.hour}" data-value="${v}">
        <title>${h.hour}:00 · ${formatInt(h.plays)} streams, ${Math.round(h.minutes)} min</title>
      </path>`;
    })}
    ${[0, 6, 12, 18].map((hour) => {
      const [x, y] = point((hour / 24) * 2 * Math.PI, OUTER + 12).split(',');
      return html`<text x="${x}" y="${y}" text-anchor="middle" dominant-baseline="middle">${hour}</text>`;
    })}
    <text x="${C}" y="${C}" text-anchor="middle" dominant-baseline="middle">24 h</text>
  </svg>`;
}

export function clockTable(hours: ClockHour[]): Html {
  return html`<table data-table="clock" class="small">
    <thead>
      <tr>
        <th scope="col">Hour</th>
        <th class="num" scope="col">Streams</th>
        <th class="num" scope="col">Minutes</th>
      </tr>
    </thead>
    <tbody>
      ${hours.map(
        (h) =>
          html`<tr data-hour="${h.hour}" data-plays="${h.plays}" data-minutes="${h.minutes}">
            <td>${String(h.hour).padStart(2, '0')}:00</td>
            <td class="num">${formatInt(h.plays)}</td>
            <td class="num">${h.minutes.toFixed(1)}</td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}
