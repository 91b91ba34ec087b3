/**
 * Cloud benchmark: a simulated week of capture for 3 users, each run triggered the way Cloud
 * Scheduler triggers it (`POST /jobs/capture` with the bearer secret, over real HTTP), with the
 * warehouse sink on, into the BigQuery simulator. Time is a ManualClock shared with the Spotify
 * simulator; between runs it jumps to the next account that is due (Cloud Scheduler's calls in
 * between find nothing due and send nothing, so they are left out).
 *
 * Prints rows sent against rows in the de-duplicated view (must be equal), bytes sent per play,
 * BigQuery requests per capture run, and the original design's cost shape: one streaming insert
 * per minute per user, 3 × 10,080 a week.
 */
import { BigQuery } from '@google-cloud/bigquery';
import { startBigQuerySim, tableRows } from '../sim/bigquery/index.ts';
import { DAY, MINUTE } from '../sim/spotify/index.ts';
import { startScheduler } from '../src/app/scheduler.ts';
import { runCapturePass } from '../src/jobs/capture.ts';
import { loadPollState } from '../src/capture/capture-user.ts';
import { SAFE_MAX_INTERVAL_MS } from '../src/capture/poll-schedule.ts';
import { offlineAuth } from '../src/warehouse/index.ts';
import { createWebApp, startWebServer } from '../src/web/server.ts';
import { startHarness } from '../test/helpers/harness.ts';

const USERS = ['demo-alice', 'demo-bob', 'demo-chen'];
const START = Date.UTC(2026, 9, 5); // a Monday, 00:00 UTC
const END = START + 7 * DAY;
const SEED = Number(process.env.BENCH_SEED ?? 2026);
const SECRET = 'bench-cloud-job-secret';
const TIMELINE = {
  start: START - DAY,
  days: 9,
  playsPerDayRange: [95, 130] as [number, number],
  repeatRate: 0.05,
  skipRate: 0.15,
};

async function main() {
  const bq = await startBigQuerySim({ projectId: 'encore-sim' });
  const h = await startHarness({
    start: START,
    sim: { seed: SEED, timeline: TIMELINE },
    env: {
      ENCORE_WAREHOUSE: 'bigquery://encore-sim/music',
      ENCORE_BIGQUERY_ENDPOINT: bq.url,
      ENCORE_JOB_SECRET: SECRET,
      ENCORE_SCHEDULER: 'external',
      ENCORE_TIMEZONE: 'UTC',
    },
  });
  for (const user of USERS) await h.connect(user);
  // Plays already in the week's past at the start are not this week's: send them first.
  await runCapturePass({ ...h.ctx, services: h.services });
  const baseline = { requests: bq.state.requests.length, rows: sentRows(h.logger.lines) };
  const scheduler = startScheduler(
    [{ name: 'capture', run: () => runCapturePass({ ...h.ctx, services: h.services }, { onlyDue: true }) }],
    { tickMs: 3_600_000, logger: h.logger, ticks: false },
  );
  const app = createWebApp({ ...h.ctx, services: h.services, scheduler });
  const web = await startWebServer(app, '127.0.0.1', 0);

  let runs = 0;
  let busyRuns = 0;
  while (h.clock.now() < END + SAFE_MAX_INTERVAL_MS) {
    const response = await fetch(`${web.url}/jobs/capture`, {
      method: 'POST',
      headers: { authorization: `Bearer ${SECRET}` },
    });
    const report = (await response.json()) as { counts?: Record<string, number> };
    if (response.status !== 200) throw new Error(`POST /jobs/capture answered ${response.status}`);
    runs++;
    if ((report.counts?.plays_added ?? 0) > 0) busyRuns++;
    let next = Number.POSITIVE_INFINITY;
    for (const user of USERS)
      next = Math.min(next, (await loadPollState(h.db, user, h.clock.now())).nextPollAt);
    h.clock.set(Math.max(next, h.clock.now() + 1000));
  }

  const requests = bq.state.requests.slice(baseline.requests);
  const rowsSent = sentRows(h.logger.lines) - baseline.rows;
  const insertBytes = requests
    .filter((r) => r.path.endsWith('/insertAll'))
    .reduce((sum, r) => sum + r.bytes, 0);
  const stored = (await h.db.one<{ n: number }>('SELECT count(*) AS n FROM plays'))!.n;
  const raw = tableRows(bq.state, 'music', 'plays');
  const keys = new Set(raw.map((p) => `${p.user_id}|${p.track_key}|${String(p.played_at)}`));
  const bigquery = new BigQuery({ projectId: 'encore-sim', apiEndpoint: bq.url, authClient: offlineAuth() });
  const [viewRows] = await bigquery.query({
    query: 'SELECT COUNT(*) AS n FROM `encore-sim.music.plays_deduped`',
  });
  const inView = Number((viewRows as { n: number }[])[0]!.n);
  const baselineRequests = USERS.length * ((END - START) / MINUTE);
  const perRun = requests.length / runs;

  console.log(
    `encore: ${stored} plays stored, ${runs} capture runs via POST /jobs/capture (${busyRuns} found new plays)`,
  );
  console.log(
    `warehouse: ${rowsSent} play rows sent this week (+${baseline.rows} before it), ${raw.length} rows in the plays table, ${inView} in plays_deduped`,
  );
  console.log(
    `warehouse: ${requests.length} BigQuery requests (${(requests.length / Math.max(1, busyRuns)).toFixed(1)} per run that found plays), ${insertBytes} bytes of insertAll, ${(insertBytes / Math.max(1, rowsSent)).toFixed(0)} bytes per play sent (catalog rows included)`,
  );
  console.log(
    `baseline: one streaming insert per minute per user = ${USERS.length} × ${(END - START) / MINUTE} = ${baselineRequests} requests a week`,
  );
  console.log(
    `cloud plays=${stored} warehouse_rows=${inView} duplicates=${raw.length - keys.size} requests_per_run=${perRun.toFixed(1)} baseline_requests=${baselineRequests}`,
  );
  await web.close();
  await scheduler.stop();
  await h.close();
  await bq.close();
}

/** Play rows the sink reported sending (its `warehouse sync` log line). */
function sentRows(lines: string[]): number {
  let total = 0;
  for (const line of lines) {
    const match = /warehouse sync .*\bplays=(\d+)/.exec(line);
    if (match) total += Number(match[1]);
  }
  return total;
}

await main();
