/**
 * encore's listening analytics: SQL models over DuckDB (see model.ts) and the typed entry
 * points the CLI (`encore stats`) and the web app call.
 */
export { loadDashboard, type DashboardOptions } from './dashboard.ts';
export { loadYearInReview } from './year-review.ts';
export { listPlays, originOf, type PlaysPageQuery } from './plays-page.ts';
export {
  AnalyticsQueryError,
  DEFAULT_MIN_STREAM_MS,
  DEFAULT_SESSION_GAP_MINUTES,
  resolveQuery,
  type ResolvedQuery,
} from './query.ts';
export * from './ranges.ts';
export type * from './types.ts';
export * from './entity.ts';
export * from './entity-keys.ts';
export * from './search.ts';
export * from './rediscover.ts';
