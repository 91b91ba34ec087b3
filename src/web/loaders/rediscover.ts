import { loadForgotten, loadListeningClock, loadOnThisDay } from '../../analytics/index.ts';
import type { WebDeps, WebUser } from '../context.ts';
import type { RangeQuery } from '../validate.ts';
import type { RediscoverPage } from '../views/rediscover.ts';
import { loadRangeChoice } from './dashboard.ts';

export interface RediscoverInput {
  range: RangeQuery;
  months: number;
  /** A sentence when ?months= was not a number of months and the default was used. */
  problem: string | null;
  made: RediscoverPage['made'];
}

/** On this day, forgotten favourites of the last `months`, and the clock of the chosen range. */
export async function loadRediscoverPage(
  deps: WebDeps,
  user: WebUser,
  input: RediscoverInput,
): Promise<Omit<RediscoverPage, 'csrf'>> {
  const now = deps.clock.now();
  const choice = await loadRangeChoice(deps, user, input.range);
  const base = { userId: user.userId, timeZone: user.timeZone, now };
  return {
    onThisDay: await loadOnThisDay(deps.db, base),
    forgotten: await loadForgotten(deps.db, { ...base, months: input.months }),
    clock: await loadListeningClock(deps.db, { ...base, from: choice.from, to: choice.to }),
    choice,
    made: input.made,
    problem: input.problem ?? choice.problem ?? null,
  };
}
