/**
 * Rollups of `p`, each one pass over the range's counted plays, shared by every analysis
 * that needs them (a statement only computes the ones it reads):
 *
 * - `by_tk` / `by_ak` / `by_alk` — one row per track (recording) / artist / album key:
 *   plays, ms (sum), the latest play (last_us, last_rid) and the first (first_us,
 *   first_rid, first_day). Top lists rank these rows, the distinct counts count them and
 *   discoveries keep the ones with no earlier play — before, each of those grouped all the
 *   range's plays again (ten passes over 170,000 plays for ten years of one listener).
 * - `by_day` — one row per local day with plays: plays, ms. Time charts, streaks, active
 *   days and the calendar peaks read these (at most a few thousand rows) instead of `p`.
 *
 * Sums stay exact integers (ms), so re-summing days into weeks or months gives the same
 * minutes as summing the plays directly.
 */
export function rollupCtes(): string {
  return [perKeyCte('tk'), perKeyCte('ak'), perKeyCte('alk'), byDayCte()].join(',\n');
}

function perKeyCte(key: 'tk' | 'ak' | 'alk'): string {
  // Unidentified listening has no keys: it is in no top list, distinct count or discovery.
  return `by_${key} AS MATERIALIZED (
    SELECT ${key} AS k, count(*)::INTEGER AS plays, sum(ms) AS ms,
           max(end_us) AS last_us, arg_max(rid, end_us) AS last_rid,
           min(end_us) AS first_us, arg_min(rid, end_us) AS first_rid, min(local_day) AS first_day
    FROM p WHERE ${key} IS NOT NULL GROUP BY ${key}
  )`;
}

function byDayCte(): string {
  return `by_day AS MATERIALIZED (
    SELECT local_day, count(*)::INTEGER AS plays, sum(ms) AS ms FROM p GROUP BY local_day
  )`;
}
