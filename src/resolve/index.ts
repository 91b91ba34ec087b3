export { BudgetSpentError, SpotifyBudget } from './budget.ts';
export { createResolveClients, type ResolveClients } from './clients.ts';

export { type LastResolve, lastRunKey, PAUSE_KEY } from './state.ts';
export { type StopReason } from './run.ts';
export { strictTrackMatch, trackSearchQuery } from './strict-match.ts';
