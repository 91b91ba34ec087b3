import { loadYearInReview, yearRange } from '../analytics/index.ts';
import type { YearInReview } from '../analytics/index.ts';
import type { Queryable } from '../store/db.ts';
import type { Db } from '../store/db.ts';
import { localDay } from '../util/zones.ts';
import type { ShareLinkRow } from './links.ts';

/** Who a shared review is by, as strangers see it: the display name, never the account id. */
export const ANONYMOUS = 'A listener';

export interface SharedReview {
  review: YearInReview;
  labels: { title: string; who: string; period: string };
}

async function accountView(db: Queryable, userId: string, defaultZone: string) {
  const row = await db.one<{ display_name: string | null; time_zone: string | null }>(
    'SELECT display_name, time_zone FROM users WHERE user_id = ?',
    [userId],
  );
  return { name: row?.display_name?.trim() || ANONYMOUS, timeZone: row?.time_zone ?? defaultZone };
}

/** The review a share link opens: its account's calendar year, in that account's zone. */
export async function loadSharedReview(
  db: Db,
  link: ShareLinkRow,
  defaultZone: string,
): Promise<SharedReview> {
  const account = await accountView(db, link.userId, defaultZone);
  const range = yearRange(link.year, account.timeZone);
  const review = await loadYearInReview(db, { userId: link.userId, timeZone: account.timeZone, ...range });
  const period = `${localDay(range.from.getTime(), account.timeZone)} – ${localDay(range.to.getTime() - 1, account.timeZone)}`;
  return { review, labels: { title: `${link.year} in review`, who: account.name, period } };
}

/** Stored plays of an account in a local calendar year (a share of an empty year is a typo). */
export async function playsInYear(
  db: Queryable,
  userId: string,
  year: number,
  defaultZone: string,
): Promise<number> {
  const { timeZone } = await accountView(db, userId, defaultZone);
  const range = yearRange(year, timeZone);
  const row = await db.one<{ n: number }>(
    'SELECT count(*)::INTEGER AS n FROM plays WHERE user_id = ? AND played_at >= ? AND played_at < ?',
    [userId, range.from, range.to],
  );
  return Number(row?.n ?? 0);
}
