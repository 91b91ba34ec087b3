/**
 * The web's range names, so that a URL's `?range=` and `stats --range` mean the same.
 * Kept apart from named-range.ts (which needs the analytics code) so that the option's
 * help text costs nothing to build.
 */
export const RANGE_NAMES = ['7d', '30d', '90d', '365d', 'year', 'all'] as const;
