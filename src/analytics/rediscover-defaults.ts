/**
 * Defaults of the rediscovery read models, in a module of their own so that the CLI can show
 * them in `--help` without loading the analytics (and DuckDB, zod) behind them.
 */

/** "Forgotten": no stream in this many months. */
export const DEFAULT_FORGOTTEN_MONTHS = 6;
