import type { Hono } from 'hono';
import {
  createShareLink,
  findShareLink,
  listShareLinks,
  parseShareYear,
  revokeShareLink,
  ShareError,
} from '../../share/links.ts';
import { loadSharedReview, playsInYear } from '../../share/shared-review.ts';
import type { WebContext, WebDeps, WebEnv } from '../context.ts';
import { html } from 'hono/html';
import { errorPage } from '../layout.ts';
import { standaloneReview } from '../views/review.ts';
import { createdShare } from '../views/share.ts';
import { loadReview, reviewPage } from './review.ts';

/** What every answer of /share/… carries: kept out of search engines and shared caches. */
const PRIVATE_HEADERS = { 'x-robots-tag': 'noindex, nofollow', 'cache-control': 'no-store' };

/** Unknown, revoked or malformed: the same plain page, saying nothing about which. */
function noShare(c: WebContext) {
  const page = html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="robots" content="noindex, nofollow" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>No such share</title>
      </head>
      <body style="font-family: system-ui, sans-serif; margin: 2rem">
        <h1>No such share</h1>
        <p>This link does not exist or has been revoked.</p>
      </body>
    </html>`;
  return c.html(page, 404, PRIVATE_HEADERS);
}

/**
 * The public page of a share link: the review alone, as the downloadable file shows it —
 * no navigation, no session, nothing of the account but its display name. Registered
 * before the session middleware: a visitor's own cookie plays no part.
 */
export function registerSharePage(app: Hono<WebEnv>, deps: WebDeps): void {
  app.get('/share/:token', async (c) => {
    const link = await findShareLink(deps.db, c.req.param('token'));
    if (!link) return noShare(c);
    const { review, labels } = await loadSharedReview(deps.db, link, deps.config.timeZone);
    const head = html`<meta name="robots" content="noindex, nofollow" />`;
    return c.html(standaloneReview(review, labels, head), 200, PRIVATE_HEADERS);
  });
}

/** Share and revoke from the review page (signed in; the CSRF guard checks the form). */
export function registerShareActions(app: Hono<WebEnv>, deps: WebDeps): void {
  app.post('/review/share', async (c) => {
    const user = c.get('user')!;
    const body = await c.req.parseBody();
    let year: number;
    try {
      year = parseShareYear(typeof body.year === 'string' ? body.year : undefined);
    } catch (error) {
      if (!(error instanceof ShareError)) throw error;
      return errorPage(c, deps, 400, 'Cannot share that', [error.message]);
    }
    const loaded = await loadReview(c, deps, year);
    if (!(await playsInYear(deps.db, user.userId, year, deps.config.timeZone)))
      return reviewPage(
        c,
        deps,
        loaded,
        html`<p class="notice bad" role="alert">No plays in ${year}: nothing to share.</p>`,
      );
    const created = await createShareLink(deps.db, user.userId, year, deps.clock.now());
    const url = `${new URL(c.req.url).origin}/share/${created.token}`;
    c.header('cache-control', 'no-store'); // the page holds the only copy of the link
    return reviewPage(c, deps, loaded, createdShare(url, year));
  });

  app.post('/review/share/:id/revoke', async (c) => {
    const user = c.get('user')!;
    const id = c.req.param('id');
    const row = (await listShareLinks(deps.db, user.userId)).find((l) => l.shareId === id);
    if (!row || !(await revokeShareLink(deps.db, user.userId, id, deps.clock.now())))
      return errorPage(c, deps, 404, 'No such share', [`There is no live share "${id}" of your account.`]);
    return c.redirect(`/review?year=${row.year}`, 303);
  });
}
