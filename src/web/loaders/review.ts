import {
  AnalyticsQueryError,
  dateRange,
  type InstantRange,
  loadYearInReview,
  parseLocalDate,
  type YearInReview,
  yearRange,
} from '../../analytics/index.ts';
import { yearsWithPlays } from '../../analytics/play-span.ts';
import { listShareLinks, type ShareLinkRow } from '../../share/links.ts';
import { localDay } from '../../util/zones.ts';
import type { WebDeps, WebUser } from '../context.ts';

/** What the review page's query asks for: ?year=2026, or ?from=…&to=… (local dates). */
export interface ReviewInput {
  year?: string;
  from?: string;
  to?: string;
}

export interface ReviewChoice extends InstantRange {
  year?: number;
  first?: string;
  last?: string;
  title: string;
  problem?: string;
}

export interface LoadedReview {
  choice: ReviewChoice;
  review: YearInReview;
  /** The display name, else the account id (the account's own page only). */
  who: string;
  period: string;
}

export interface ReviewPage extends LoadedReview {
  /** The years with plays, and the chosen one even without any. */
  years: number[];
  links: ShareLinkRow[];
}

/** ?year=2026, or ?from=…&to=… (both included); default: this year. `forced` (a form's year) wins. */
function chooseReview(input: ReviewInput, user: WebUser, now: number, forced?: number): ReviewChoice {
  const thisYear = Number(localDay(now, user.timeZone).slice(0, 4));
  const { from, to } = forced ? {} : input;
  const year = forced ? String(forced) : input.year;
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

/** The account's review of the year or dates asked for (or of `year`, from a form). */
export async function loadReview(
  deps: WebDeps,
  user: WebUser,
  input: ReviewInput,
  year?: number,
): Promise<LoadedReview> {
  const choice = chooseReview(input, user, deps.clock.now(), year);
  const review = await loadYearInReview(deps.db, {
    userId: user.userId,
    from: choice.from,
    to: choice.to,
    timeZone: user.timeZone,
  });
  const period = `${localDay(choice.from.getTime(), user.timeZone)} – ${localDay(choice.to.getTime() - 1, user.timeZone)}`;
  return { choice, review, who: user.displayName ?? user.userId, period };
}

/** The review page: the review, the years to choose from, and the account's share links. */
export async function loadReviewPage(
  deps: WebDeps,
  user: WebUser,
  input: ReviewInput,
  year?: number,
): Promise<ReviewPage> {
  const loaded = await loadReview(deps, user, input, year);
  const years = await yearsWithPlays(deps.db, user.userId, user.timeZone);
  if (loaded.choice.year && !years.includes(loaded.choice.year)) years.unshift(loaded.choice.year);
  return { ...loaded, years, links: await listShareLinks(deps.db, user.userId) };
}
