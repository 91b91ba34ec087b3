import type { Hono } from 'hono';
import {
  AnalyticsQueryError,
  dateRange,
  type InstantRange,
  loadYearInReview,
  parseLocalDate,
  yearRange,
} from '../../analytics/index.ts';
import { yearsWithPlays } from '../../analytics/play-span.ts';
import type { WebContext, WebDeps, WebEnv, WebUser } from '../context.ts';
import { localDay } from '../../util/zones.ts';
import { html, raw } from 'hono/html';
import type { Html } from '../markup.ts';
import { renderPage } from '../layout.ts';
import { listShareLinks } from '../../share/links.ts';
import { REVIEW_CSS, reviewCard, standaloneReview } from '../views/review.ts';
import { shareSection } from '../views/share.ts';

interface ReviewChoice extends InstantRange {
  year?: number;
  first?: string;
  last?: string;
  title: string;
  problem?: string;
}

/** ?year=2026, or ?from=…&to=… (local dates, both included); default: this year. */
function chooseReview(c: WebContext, user: WebUser, now: number, forced?: number): ReviewChoice {
  const thisYear = Number(localDay(now, user.timeZone).slice(0, 4));
  const { from, to } = forced ? {} : c.req.query();
  const year = forced ? String(forced) : c.req.query('year');
  try {
    if (from && to) {
      parseLocalDate(from);
      parseLocalDate(to);
      return { ...dateRange(from, to, user.timeZone), first: from, last: to, title: `${from} – ${to}` };
    }
    const y = year && /^\d{4}$/.test(year) ? Number(year) : thisYear;
    return { ...yearRange(y, user.timeZone), year: y, title: `${y} in review` };
  } catch (error) {
    if (!(error instanceof AnalyticsQueryError)) throw error;
    return {
      ...yearRange(thisYear, user.timeZone),
      year: thisYear,
      title: `${thisYear} in review`,
      problem: error.message,
    };
  }
}

export type LoadedReview = Awaited<ReturnType<typeof loadReview>>;

/** The signed-in account's review of ?year= (or `year`, from a form), or of ?from=&to=. */
export async function loadReview(c: WebContext, deps: WebDeps, year?: number) {
  const user = c.get('user')!;
  const choice = chooseReview(c, user, deps.clock.now(), year);
  const review = await loadYearInReview(deps.db, {
    userId: user.userId,
    from: choice.from,
    to: choice.to,
    timeZone: user.timeZone,
  });
  const period = `${localDay(choice.from.getTime(), user.timeZone)} – ${localDay(choice.to.getTime() - 1, user.timeZone)}`;
  return { user, choice, review, who: user.displayName ?? user.userId, period };
}

/** The review page; `notice` is what a share action has to say (the new link, or a problem). */
export async function reviewPage(
  c: WebContext,
  deps: WebDeps,
  loaded: LoadedReview,
  notice: Html | string = '',
) {
  const { user, choice, review, who, period } = loaded;
  const years = await yearsWithPlays(deps.db, user.userId, user.timeZone);
  if (choice.year && !years.includes(choice.year)) years.unshift(choice.year);
  const query = choice.year ? `?year=${choice.year}` : new URL(c.req.url).search;
  const csrf = c.get('session')!.csrfToken;
  const links = await listShareLinks(deps.db, user.userId);
  const body = html`<style>
      ${raw(REVIEW_CSS)}
    </style>
    ${choice.problem ? html`<p class="notice bad" role="alert">${choice.problem}</p>` : ''} ${notice}
    <form class="inline card" method="get" action="/review" aria-label="Choose a year">
      <label
        >Year
        <select name="year">
          ${years.map((y) => html`<option value="${y}" ${y === choice.year ? html`selected` : ''}>${y}</option>`)}
        </select></label
      >
      <button type="submit">Show</button>
      <a class="button secondary" href="/review/download${query}" download>Download as HTML</a>
      ${choice.year ? html`<a class="button secondary" href="#share-links">Share…</a>` : ''}
    </form>
    ${reviewCard(review, { title: choice.title, who, period, links: true })}
    ${shareSection(links, { year: choice.year, csrf, timeZone: user.timeZone })}`;
  return c.html(renderPage(c, deps, { title: choice.title, active: 'review', body }));
}

/** Year in review: a page worth sharing, the same as a standalone HTML file, and its share links. */
export function registerReviewRoutes(app: Hono<WebEnv>, deps: WebDeps): void {
  app.get('/review', async (c) => reviewPage(c, deps, await loadReview(c, deps)));

  app.get('/review/download', async (c) => {
    const { choice, review, who, period } = await loadReview(c, deps);
    const name = `encore-${choice.year ?? `${choice.first}_${choice.last}`}-review.html`.replace(
      /[^\w.-]/g,
      '_',
    );
    const file = String(await standaloneReview(review, { title: choice.title, who, period }));
    return c.body(file, 200, {
      'content-type': 'text/html; charset=utf-8',
      'content-disposition': `attachment; filename="${name}"`,
    });
  });
}
