import { html, raw } from 'hono/html';
import type { ReviewPage } from '../loaders/review.ts';
import type { Html } from '../markup.ts';
import { REVIEW_CSS, reviewCard } from './review.ts';
import { shareSection } from './share.ts';

/**
 * The review page in the app: a year picker, the download, the review with links to the
 * artist and track pages, and the share links. `notice` is what a share action has to say.
 */
export function reviewPageView(
  page: ReviewPage,
  options: { csrf: string; timeZone: string; search: string; notice: Html | string },
): Html {
  const { choice, review, who, period } = page;
  const query = choice.year ? `?year=${choice.year}` : options.search;
  return html`<style>
      ${raw(REVIEW_CSS)}
    </style>
    ${choice.problem ? html`<p class="notice bad" role="alert">${choice.problem}</p>` : ''} ${options.notice}
    <form class="inline card" method="get" action="/review" aria-label="Choose a year">
      <label
        >Year
        <select name="year">
          ${page.years.map((y) => html`<option value="${y}" ${y === choice.year ? html`selected` : ''}>${y}</option>`)}
        </select></label
      >
      <button type="submit">Show</button>
      <a class="button secondary" href="/review/download${query}" download>Download as HTML</a>
      ${choice.year ? html`<a class="button secondary" href="#share-links">Share…</a>` : ''}
    </form>
    ${reviewCard(review, { title: choice.title, who, period, links: true })}
    ${shareSection(page.links, { year: choice.year, csrf: options.csrf, timeZone: options.timeZone })}`;
}
