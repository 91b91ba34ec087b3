import type { HourFigure, TimeBucket } from '../../analytics/index.ts';
import { formatMinutes } from '../format.ts';
import { html } from 'hono/html';
import type { Html } from '../markup.ts';
import { monthName } from './review-text.ts';

/**
 * The review's charts as plain SVG drawn on the server: no script, so the downloadable
 * file and the share page show them exactly as the page does. Every mark carries its
 * figures in data attributes and a <title> (a tooltip, and text for screen readers).
 */

const GREEN = '#127a3e';
const MUTED = '#5b5d66';

/** Horizontal bars: a label line, then the bar and its value. */
export function barsSvg(title: string, items: Array<{ label: string; value: number; text: string }>): Html {
  if (!items.length) return html`<p class="yir-muted">Nothing to show.</p>`;
  const row = 46;
  const max = Math.max(...items.map((i) => i.value), 1);
  return html`<svg
    viewBox="0 0 340 ${items.length * row}"
    role="img"
    aria-label="${title}"
    xmlns="http://www.w3.org/2000/svg"
  >
    <title>${title}</title>
    ${items.map((item, i) => {
      const y = i * row;
      const w = Math.max(4, Math.round((item.value / max) * 250));
      return html`<g data-bar="${item.label}" data-value="${item.value}">
        <text x="0" y="${y + 15}" font-size="14" font-weight="600" fill="currentColor"
          >${truncate(item.label, 40)}</text
        >
        <rect x="0" y="${y + 22}" width="${w}" height="14" rx="4" fill="${GREEN}"></rect>
        <text x="${w + 6}" y="${y + 34}" font-size="12" class="yir-m" fill="${MUTED}">${item.text}</text>
      </g>`;
    })}
  </svg>`;
}

/** Minutes per month as vertical bars, month names under them, the best month's figure on top. */
export function monthsSvg(months: TimeBucket[]): Html {
  if (!months.some((m) => m.minutes > 0)) return html`<p class="yir-muted">Nothing to show.</p>`;
  const width = 340;
  const plot = { top: 22, bottom: 142 };
  const slot = width / months.length;
  const max = Math.max(...months.map((m) => m.minutes), 1);
  const peak = months.reduce((best, m) => (m.minutes > best.minutes ? m : best), months[0]!);
  // More than a year of months: label every n-th so the names never overlap.
  const every = Math.ceil(months.length / 12);
  const multiYear = months[0]!.start.slice(0, 4) !== months.at(-1)!.start.slice(0, 4);
  return html`<svg
    viewBox="0 0 ${width} 170"
    role="img"
    aria-label="Minutes per month"
    xmlns="http://www.w3.org/2000/svg"
  >
    <title>Minutes per month</title>
    <line
      x1="0"
      y1="${plot.bottom}"
      x2="${width}"
      y2="${plot.bottom}"
      class="yir-line"
      stroke="#d5d4cf"
    ></line>
    ${months.map((m, i) => {
      const h = m.minutes > 0 ? Math.max(2, ((plot.bottom - plot.top) * m.minutes) / max) : 0;
      const x = i * slot + slot * 0.15;
      const name = monthName(m.start, multiYear);
      const label = slot >= 24 ? name.slice(0, 3) : name.slice(0, 1);
      return html`<g data-month="${m.start.slice(0, 7)}" data-minutes="${m.minutes}">
        <title>${name}: ${formatMinutes(m.minutes)}</title>
        <rect
          x="${r(x)}"
          y="${r(plot.bottom - h)}"
          width="${r(slot * 0.7)}"
          height="${r(h)}"
          rx="3"
          fill="${m === peak ? GREEN : '#7cc79a'}"
        ></rect>
        ${
          i % every === 0
            ? html`<text
                x="${r(x + slot * 0.35)}"
                y="160"
                font-size="11"
                text-anchor="middle"
                class="yir-m"
                fill="${MUTED}"
                >${label}</text
              >`
            : ''
        }
      </g>`;
    })}
    <text
      x="${r(clamp(months.indexOf(peak) * slot + slot / 2, 40, width - 40))}"
      y="14"
      font-size="11"
      font-weight="600"
      text-anchor="middle"
      fill="currentColor"
    >
      ${formatMinutes(peak.minutes)}
    </text>
  </svg>`;
}

/** The 24-hour listening clock: one wedge per local hour, midnight at the top, clockwise. */
export function clockSvg(hours: HourFigure[]): Html {
  if (!hours.some((h) => h.minutes > 0)) return html`<p class="yir-muted">Nothing to show.</p>`;
  const c = 150;
  const inner = 44;
  const outer = 118;
  const max = Math.max(...hours.map((h) => h.minutes), 1);
  const peak = hours.reduce((best, h) => (h.minutes > best.minutes ? h : best), hours[0]!);
  return html`<svg
    viewBox="0 0 300 300"
    role="img"
    aria-label="Listening by hour of the day"
    xmlns="http://www.w3.org/2000/svg"
  >
    <title>Listening by hour of the day</title>
    <circle cx="${c}" cy="${c}" r="${outer}" class="yir-line" fill="none" stroke="#e2e1dc"></circle>
    <circle cx="${c}" cy="${c}" r="${inner}" class="yir-line" fill="none" stroke="#e2e1dc"></circle>
    ${hours.map((h) => {
      const length = h.minutes > 0 ? Math.max(3, ((outer - inner) * h.minutes) / max) : 0;
      return html`<g data-hour="${h.hour}" data-minutes="${h.minutes}">
        <title>${hourLabel(h.hour)}–${hourLabel((h.hour + 1) % 24)}: ${formatMinutes(h.minutes)}</title>
        ${length ? html`<path d="${wedge(c, inner, inner + length, h.hour * 15 + 1, h.hour * 15 + 14)}" fill="${h === peak ? GREEN : '#7cc79a'}"></path>` : ''}
      </g>`;
    })}
    ${[0, 6, 12, 18].map((h) => {
      const [x, y] = polar(c, outer + 16, h * 15);
      return html`<text
        x="${r(x)}"
        y="${r(y + 4)}"
        font-size="11"
        text-anchor="middle"
        class="yir-m"
        fill="${MUTED}"
        >${hourLabel(h)}</text
      >`;
    })}
    <text x="${c}" y="${c - 4}" font-size="15" font-weight="700" text-anchor="middle" fill="currentColor">
      ${hourLabel(peak.hour)}
    </text>
    <text x="${c}" y="${c + 13}" font-size="10" text-anchor="middle" class="yir-m" fill="${MUTED}">
      peak hour
    </text>
  </svg>`;
}

function hourLabel(hour: number): string {
  return `${String(hour).padStart(2, '0')}:00`;
}

/** A point at `radius` from the centre, `degrees` clockwise from the top. */
function polar(c: number, radius: number, degrees: number): [number, number] {
  const a = (degrees * Math.PI) / 180;
  return [c + radius * Math.sin(a), c - radius * Math.cos(a)];
}

function wedge(c: number, r0: number, r1: number, a0: number, a1: number): string {
  const p = (radius: number, deg: number) => polar(c, radius, deg).map(r).join(' ');
  return `M ${p(r0, a0)} L ${p(r1, a0)} A ${r(r1)} ${r(r1)} 0 0 1 ${p(r1, a1)} L ${p(r0, a1)} A ${r(r0)} ${r(r0)} 0 0 0 ${p(r0, a0)} Z`;
}

function r(n: number): number {
  return Math.round(n * 10) / 10;
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, n));
}

function truncate(text: string, n: number): string {
  return text.length > n ? `${text.slice(0, n - 1)}…` : text;
}
