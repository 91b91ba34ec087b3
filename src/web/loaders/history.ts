import { listPlays, type PlaysPage } from '../../analytics/index.ts';
import type { WebDeps, WebUser } from '../context.ts';

export const PAGE_SIZE = 50;

export interface HistoryInput {
  search: string;
  page: number;
}

export interface HistoryPage extends PlaysPage, HistoryInput {
  pages: number;
}

/** One page of the account's plays, newest first, matching the search words (if any). */
export async function loadHistory(deps: WebDeps, user: WebUser, input: HistoryInput): Promise<HistoryPage> {
  const result = await listPlays(deps.db, {
    userId: user.userId,
    search: input.search || undefined,
    page: input.page,
    pageSize: PAGE_SIZE,
    timeZone: user.timeZone,
  });
  return { ...result, ...input, pages: Math.max(1, Math.ceil(result.total / PAGE_SIZE)) };
}
