import type { Hono } from 'hono';
import { html } from 'hono/html';
import { z } from 'zod';
import { parseShareYear, ShareError } from '../../share/links.ts';
import type { WebDeps, WebEnv } from '../context.ts';
import { errorPage } from '../layout.ts';
import { loadSharePage, revokeOwnShare, shareReviewYear } from '../loaders/share.ts';
import { field, validForm, validParams } from '../validate.ts';
import { standaloneReview } from '../views/review.ts';
import { createdShare, emptyYearNotice, noSharePage } from '../views/share.ts';
import { renderReviewPage } from './review.ts';

/** What every answer of /share/… carries: kept out of search engines and shared caches. */
const PRIVATE_HEADERS = { 'x-robots-tag': 'noindex, nofollow', 'cache-control': 'no-store' };

const tokenParams = z.object({ token: z.string() });
const idParams = z.object({ id: z.string() });
/** The year to share, or the sentence why it is not one. */
const shareForm = z.object({ year: field }).transform((f) => {
  try {
    return { year: parseShareYear(f.year) };
  } catch (error) {
    if (!(error instanceof ShareError)) throw error;
    return { problem: error.message };
  }
});

/**
 * The public page of a share link: the review alone, as the downloadable file shows it —
 * no navigation, no session, nothing of the account but its display name. Registered
 * before the session middleware: a visitor's own cookie plays no part.
 */
export function registerSharePage(app: Hono<WebEnv>, deps: WebDeps): void {
  app.get('/share/:token', validParams(tokenParams), async (c) => {
    const shared = await loadSharePage(deps, c.req.valid('param').token);
    if (!shared) return c.html(noSharePage(), 404, PRIVATE_HEADERS);
    const head = html`<meta name="robots" content="noindex, nofollow" />`;
    return c.html(standaloneReview(shared.review, shared.labels, head), 200, PRIVATE_HEADERS);
  });
}

/** Share and revoke from the review page (signed in; the CSRF guard checks the form). */
export function registerShareActions(app: Hono<WebEnv>, deps: WebDeps): void {
  app.post('/review/share', validForm(shareForm), async (c) => {
    const form = c.req.valid('form');
    if (form.year === undefined) return errorPage(c, deps, 400, 'Cannot share that', [form.problem]);
    const { page, token } = await shareReviewYear(deps, c.get('user')!, form.year);
    if (!token) return renderReviewPage(c, deps, page, emptyYearNotice(form.year));
    c.header('cache-control', 'no-store'); // the page holds the only copy of the link
    const url = `${new URL(c.req.url).origin}/share/${token}`;
    return renderReviewPage(c, deps, page, createdShare(url, form.year));
  });

  app.post('/review/share/:id/revoke', validParams(idParams), async (c) => {
    const { id } = c.req.valid('param');
    const year = await revokeOwnShare(deps, c.get('user')!, id);
    if (year === null)
      return errorPage(c, deps, 404, 'No such share', [`There is no live share "${id}" of your account.`]);
    return c.redirect(`/review?year=${year}`, 303);
  });
}
