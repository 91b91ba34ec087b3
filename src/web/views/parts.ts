import type { Metric } from '../../analytics/index.ts';
import { formatInt, formatMinutes } from '../format.ts';
import { html } from 'hono/html';
import { jsonScript, type Html } from '../markup.ts';

/**
 * A chart drawn in the browser by Observable Plot from the JSON embedded next to it. The
 * `fallback` (a table of the same numbers) is there without JavaScript and for screen
 * readers and tests.
 */
export function chartFigure(options: {
  id: string;
  kind: 'timeline' | 'heatmap' | 'rank';
  label: string;
  data: unknown;
  fallback: Html;
}): Html {
  return html`<figure class="chart-figure">
    <div
      class="chart"
      data-chart="${options.kind}"
      data-source="${options.id}-data"
      aria-label="${options.label}"
    ></div>
    ${jsonScript(`${options.id}-data`, options.data)}
    <details>
      <summary>Show the numbers</summary>
      <div class="table-wrap">${options.fallback}</div>
    </details>
  </figure>`;
}

export function metricValue(item: { plays: number; minutes: number }, metric: Metric): string {
  return metric === 'minutes'
    ? formatMinutes(item.minutes)
    : `${formatInt(item.plays)} ${item.plays === 1 ? 'play' : 'plays'}`;
}

export interface TopItem {
  name: string;
  /** The item's page (links.ts); plain text without one. */
  href?: string | null;
  detail?: string | null;
  plays: number;
  minutes: number;
}

/** A ranked list with a bar per row scaled to the first row; numbers in data attributes. */
export function topList(kind: string, items: TopItem[], metric: Metric): Html {
  if (!items.length) return html`<p class="muted">Nothing in this range.</p>`;
  const max = Math.max(...items.map((i) => (metric === 'minutes' ? i.minutes : i.plays)), 1);
  return html`<ol class="top-list" data-top="${kind}">
    ${items.map((item) => {
      const value = metric === 'minutes' ? item.minutes : item.plays;
      return html`<li data-name="${item.name}" data-plays="${item.plays}" data-minutes="${item.minutes}">
        <span class="name"
          >${item.href ? html`<a href="${item.href}">${item.name}</a>` : item.name}${item.detail ? html` <span class="muted small">· ${item.detail}</span>` : ''}
          <span class="bar" style="width:${Math.max(2, Math.round((value / max) * 100))}%"></span
        ></span>
        <span class="value small">${metricValue(item, metric)}</span>
      </li>`;
    })}
  </ol>`;
}

/** A segmented control of links (e.g. plays | minutes) that keeps the other query parameters. */
export function segmented(
  label: string,
  param: string,
  current: string,
  options: Array<[string, string]>,
  query: URLSearchParams,
): Html {
  return html`<div class="segmented" role="group" aria-label="${label}">
    ${options.map(([value, text]) => {
      const next = new URLSearchParams(query);
      next.set(param, value);
      return html`<a href="?${next.toString()}" aria-current="${value === current ? 'true' : 'false'}"
        >${text}</a
      >`;
    })}
  </div>`;
}
