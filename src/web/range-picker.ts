import {
  AnalyticsQueryError,
  type Bucket,
  dateRange,
  type InstantRange,
  lastDaysRange,
  type Metric,
  yearRange,
} from '../analytics/index.ts';
import { localDay } from '../util/zones.ts';
import { html } from 'hono/html';
import type { Html } from './markup.ts';

export const PRESETS: Array<[string, string]> = [
  ['7d', 'Last 7 days'],
  ['30d', 'Last 30 days'],
  ['90d', 'Last 90 days'],
  ['365d', 'Last 12 months'],
  ['year', 'This year'],
  ['all', 'All time'],
  ['custom', 'Custom dates'],
];

export interface RangeChoice extends InstantRange {
  preset: string;
  /** Local dates shown in the date inputs (both included). */
  first: string;
  last: string;
  metric: Metric;
  bucket: Bucket;
  /** A sentence when the request asked for something impossible and a default was used. */
  problem?: string;
}

/** Reads range, dates, metric and bucket from the query string, with safe defaults. */
export function chooseRange(
  query: Record<string, string | undefined>,
  now: number,
  timeZone: string,
  firstPlayMs: number | null,
): RangeChoice {
  const metric: Metric = query.metric === 'minutes' ? 'minutes' : 'plays';
  let preset = PRESETS.some(([key]) => key === query.range) ? query.range! : '30d';
  if (preset !== 'custom' && query.from && query.to && datesWereTyped(query)) {
    // Dates typed into the form win over a preset they no longer match.
    const presetDays = presetRange(preset, query, now, timeZone, firstPlayMs);
    if (
      query.from !== localDay(presetDays.from.getTime(), timeZone) ||
      query.to !== localDay(presetDays.to.getTime() - 1, timeZone)
    )
      preset = 'custom';
  }
  let range: InstantRange;
  let problem: string | undefined;
  try {
    range = presetRange(preset, query, now, timeZone, firstPlayMs);
  } catch (error) {
    if (!(error instanceof AnalyticsQueryError)) throw error;
    problem = error.message;
    preset = '30d';
    range = lastDaysRange(30, now, timeZone);
  }
  const days = (range.to.getTime() - range.from.getTime()) / 86_400_000;
  const bucket: Bucket =
    query.bucket === 'day' || query.bucket === 'week' || query.bucket === 'month'
      ? query.bucket
      : days <= 45
        ? 'day'
        : days <= 200
          ? 'week'
          : 'month';
  return {
    ...range,
    preset,
    first: localDay(range.from.getTime(), timeZone),
    last: localDay(range.to.getTime() - 1, timeZone),
    metric,
    bucket,
    problem,
  };
}

/**
 * The form always sends the date inputs, also when only the preset was changed. It also
 * sends the dates it was drawn with (shown_from/shown_to): unchanged dates mean the person
 * picked a preset, so the preset wins. A hand-made URL without them keeps "dates win".
 */
function datesWereTyped(query: Record<string, string | undefined>): boolean {
  if (query.shown_from === undefined || query.shown_to === undefined) return true;
  return query.from !== query.shown_from || query.to !== query.shown_to;
}

function presetRange(
  preset: string,
  query: Record<string, string | undefined>,
  now: number,
  timeZone: string,
  firstPlayMs: number | null,
): InstantRange {
  switch (preset) {
    case '7d':
      return lastDaysRange(7, now, timeZone);
    case '90d':
      return lastDaysRange(90, now, timeZone);
    case '365d':
      return lastDaysRange(365, now, timeZone);
    case 'year':
      return yearRange(Number(localDay(now, timeZone).slice(0, 4)), timeZone);
    case 'all':
      return dateRange(localDay(firstPlayMs ?? now, timeZone), localDay(now, timeZone), timeZone);
    case 'custom':
      return dateRange(query.from ?? '', query.to ?? '', timeZone);
    default:
      return lastDaysRange(30, now, timeZone);
  }
}

/** The range form: a GET form, so every view has a URL people can bookmark and share. */
export function rangeForm(choice: RangeChoice, options: { withBucket: boolean }): Html {
  return html`<form class="inline card" method="get" aria-label="Range">
    <label
      >Range
      <select name="range">
        ${PRESETS.map(
          ([key, label]) =>
            html`<option value="${key}" ${key === choice.preset ? html`selected` : ''}>${label}</option>`,
        )}
      </select></label
    >
    <input type="hidden" name="shown_from" value="${choice.first}" />
    <input type="hidden" name="shown_to" value="${choice.last}" />
    <label>From <input type="date" name="from" value="${choice.first}" /></label>
    <label>To <input type="date" name="to" value="${choice.last}" /></label>
    <label
      >Rank by
      <select name="metric">
        <option value="plays" ${choice.metric === 'plays' ? html`selected` : ''}>Plays</option>
        <option value="minutes" ${choice.metric === 'minutes' ? html`selected` : ''}>Minutes</option>
      </select></label
    >
    ${
      options.withBucket
        ? html`<label
            >Group by
            <select name="bucket">
              ${(['day', 'week', 'month'] as const).map(
                (b) => html`<option value="${b}" ${b === choice.bucket ? html`selected` : ''}>${b}</option>`,
              )}
            </select></label
          >`
        : ''
    }
    <button type="submit">Apply</button>
  </form>`;
}
