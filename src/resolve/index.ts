export { BudgetSpentError, SpotifyBudget } from './budget.ts';
export { createResolveClients, type ResolveClients } from './clients.ts';
export { DAILY_KEY, dailyResolveDue, runDailyResolve } from '../jobs/resolve.ts';
export { type LastResolve, lastRunKey, PAUSE_KEY, resolveCatalog } from './job.ts';
export { type StopReason } from './run.ts';
export { strictTrackMatch, trackSearchQuery } from './strict-match.ts';
