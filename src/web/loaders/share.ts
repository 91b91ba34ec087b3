import { createShareLink, findShareLink, listShareLinks, revokeShareLink } from '../../share/links.ts';
import { loadSharedReview, playsInYear, type SharedReview } from '../../share/shared-review.ts';
import type { WebDeps, WebUser } from '../context.ts';
import { loadReviewPage, type ReviewPage } from './review.ts';

/** The review a share token opens, or null (unknown, revoked or malformed: all alike). */
export async function loadSharePage(deps: WebDeps, token: string): Promise<SharedReview | null> {
  const link = await findShareLink(deps.db, token);
  return link ? loadSharedReview(deps.db, link, deps.config.timeZone) : null;
}

/**
 * "Share" on the review page: a link to the year's review, unless the year has no plays
 * (a share of an empty year is a typo). The token is in the answer only this once.
 */
export async function shareReviewYear(
  deps: WebDeps,
  user: WebUser,
  year: number,
): Promise<{ page: ReviewPage; token: string | null }> {
  const plays = await playsInYear(deps.db, user.userId, year, deps.config.timeZone);
  const token = plays ? (await createShareLink(deps.db, user.userId, year, deps.clock.now())).token : null;
  return { page: await loadReviewPage(deps, user, {}, year), token };
}

/** Revokes one live share of the account; its year (the page to go back to), or null when none. */
export async function revokeOwnShare(deps: WebDeps, user: WebUser, shareId: string): Promise<number | null> {
  const link = (await listShareLinks(deps.db, user.userId)).find((l) => l.shareId === shareId);
  if (!link || !(await revokeShareLink(deps.db, user.userId, shareId, deps.clock.now()))) return null;
  return link.year;
}
