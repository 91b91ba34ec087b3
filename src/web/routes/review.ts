import type { Hono } from 'hono';
import { z } from 'zod';
import type { WebContext, WebDeps, WebEnv } from '../context.ts';
import { renderPage } from '../layout.ts';
import { loadReview, loadReviewPage, type ReviewPage } from '../loaders/review.ts';
import type { Html } from '../markup.ts';
import { field, validQuery } from '../validate.ts';
import { standaloneReview } from '../views/review.ts';
import { reviewPageView } from '../views/review-page.ts';

const reviewQuery = z.object({ year: field, from: field, to: field });

/** The review page; `notice` is what a share action has to say (the new link, or a problem). */
export function renderReviewPage(c: WebContext, deps: WebDeps, page: ReviewPage, notice: Html | string = '') {
  const body = reviewPageView(page, {
    csrf: c.get('session')!.csrfToken,
    timeZone: c.get('user')!.timeZone,
    search: new URL(c.req.url).search,
    notice,
  });
  return c.html(renderPage(c, deps, { title: page.choice.title, active: 'review', body }));
}

/** Year in review: a page worth sharing, the same as a standalone HTML file, and its share links. */
export function registerReviewRoutes(app: Hono<WebEnv>, deps: WebDeps): void {
  app.get('/review', validQuery(reviewQuery), async (c) =>
    renderReviewPage(c, deps, await loadReviewPage(deps, c.get('user')!, c.req.valid('query'))),
  );

  app.get('/review/download', validQuery(reviewQuery), async (c) => {
    const { choice, review, who, period } = await loadReview(deps, c.get('user')!, c.req.valid('query'));
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
