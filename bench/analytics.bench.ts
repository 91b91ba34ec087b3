/**
 * Analytics benchmark: 1,000,000 plays for 5 users over 10 years in a real DuckDB file,
 * then for each range kind of the dashboard (7d, 30d, 90d, 365d, this year, all time,
 * custom) the median time of its whole query set (`loadDashboard`), the process's CPU time
 * during it (every thread: less sensitive than wall time to other work on the machine) and
 * the rendered response's time, one line per kind with the ratios to the targets; the same
 * for the year in review; and a last line with the medians over all kinds.
 * ENCORE_BENCH_KINDS=all,7d measures only those kinds (the last line then covers them only).
 *
 * The rendered response is the web app's dashboard page (`GET /` of createWebApp with a
 * session cookie, in-process) when this checkout has that route; on a checkout without
 * the web app's routes it falls back to loadDashboard + JSON serialisation, and says so.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDashboard, loadYearInReview, yearRange } from '../src/analytics/index.ts';
import type { Db } from '../src/store/db.ts';
import { openStore } from '../src/store/open.ts';
import { chooseRange, type RangeChoice } from '../src/web/range-picker.ts';
import { generateAnalyticsData } from './lib/analytics-data.ts';
import { openWebDashboard, type WebDashboard } from './lib/web-dashboard.ts';

const USERS = [
  { userId: 'bench-ada', timeZone: 'Europe/Berlin' },
  { userId: 'bench-ben', timeZone: 'America/Los_Angeles' },
  { userId: 'bench-cho', timeZone: 'Asia/Tokyo' },
  { userId: 'bench-dia', timeZone: 'UTC' },
  { userId: 'bench-eli', timeZone: 'America/Sao_Paulo' },
];
const TOTAL_PLAYS = 1_000_000;
const END = Date.UTC(2026, 10, 1);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const TARGET_QUERIES_MS = 150;
const TARGET_RESPONSE_MS = 300;

/**
 * Every range kind the dashboard's range picker offers, as people open it: the preset's
 * own range and default bucket (`chooseRange`, the web app's reading of the query string),
 * ranked by plays or by minutes. Each kind is reported on its own line.
 */
const ALL_REQUESTS: Array<{ kind: string; query: Record<string, string> }> = [
  { kind: '7d', query: { range: '7d', metric: 'plays' } },
  { kind: '30d', query: { range: '30d', metric: 'plays' } },
  { kind: '90d', query: { range: '90d', metric: 'minutes' } },
  { kind: '365d', query: { range: '365d', metric: 'minutes' } },
  { kind: 'year', query: { range: 'year', metric: 'plays' } },
  { kind: 'all', query: { range: 'all', metric: 'minutes' } },
  { kind: 'custom', query: { range: 'custom', from: '2025-03-01', to: '2025-06-30', metric: 'plays' } },
];
const KINDS = process.env.ENCORE_BENCH_KINDS?.split(',').map((k) => k.trim());
const REQUESTS = KINDS ? ALL_REQUESTS.filter((r) => KINDS.includes(r.kind)) : ALL_REQUESTS;

interface DashboardRequest {
  kind: string;
  /** The same request to the web app's dashboard page. */
  path: string;
  choice: RangeChoice;
}

/** The request of one range kind for one user ("all" starts at the user's first play). */
function requestFor(r: (typeof REQUESTS)[number], timeZone: string, firstPlayMs: number): DashboardRequest {
  const choice = chooseRange(r.query, END - 1, timeZone, firstPlayMs);
  return { kind: r.kind, path: `/?${new URLSearchParams({ ...r.query, bucket: choice.bucket })}`, choice };
}

function dashboardQuery(user: (typeof USERS)[number], choice: RangeChoice) {
  return {
    userId: user.userId,
    timeZone: user.timeZone,
    metric: choice.metric,
    from: choice.from,
    to: choice.to,
  };
}

/** The rendered response: the web app's page, or else the dashboard serialised as JSON. */
async function renderDashboard(
  db: Db,
  web: WebDashboard | null,
  user: (typeof USERS)[number],
  r: DashboardRequest,
): Promise<number> {
  if (web) return web.render(user.userId, r.path);
  const dashboard = await loadDashboard(db, dashboardQuery(user, r.choice), { bucket: r.choice.bucket });
  return JSON.stringify(dashboard).length;
}

/** Each user's requests, one per range kind. */
async function requestsPerUser(db: Db): Promise<Map<string, DashboardRequest[]>> {
  const out = new Map<string, DashboardRequest[]>();
  for (const user of USERS) {
    const row = await db.one<{ first: Date }>('SELECT min(played_at) AS first FROM plays WHERE user_id = ?', [
      user.userId,
    ]);
    const firstPlayMs = row!.first.getTime();
    out.set(
      user.userId,
      REQUESTS.map((r) => requestFor(r, user.timeZone, firstPlayMs)),
    );
  }
  return out;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** User + system CPU (ms) of the whole process, every thread, since `before`. */
function cpuMsSince(before: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

async function time<T>(work: () => Promise<T>): Promise<[number, T]> {
  const started = performance.now();
  const result = await work();
  return [performance.now() - started, result];
}

/** Year in review for 2024 and 2025, every user, ROUNDS times: the ms of each. */
async function measureYearInReview(db: Db): Promise<number[]> {
  const reviews: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const user of USERS) {
      for (const year of [2024, 2025]) {
        const [ms] = await time(() =>
          loadYearInReview(db, {
            userId: user.userId,
            timeZone: user.timeZone,
            ...yearRange(year, user.timeZone),
          }),
        );
        reviews.push(ms);
      }
    }
  }
  return reviews;
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'encore-bench-analytics-'));
  const db = await openStore(join(dir, 'bench.duckdb'));
  try {
    const [genMs] = await time(() =>
      generateAnalyticsData(db, { users: USERS, playsPerUser: TOTAL_PLAYS / USERS.length, endMs: END }),
    );
    await db.run('CHECKPOINT');
    const plays = (await db.one<{ n: number }>('SELECT count(*) AS n FROM plays'))!.n;
    console.log(`generated ${plays} plays for ${USERS.length} users in ${(genMs / 1000).toFixed(1)} s`);

    const web = await openWebDashboard(db, END - 1);
    const requests = await requestsPerUser(db);
    const perKind = new Map<string, { queries: number[]; response: number[]; cpu: number[] }>();
    const queries: number[] = [];
    const responses: number[] = [];
    // A warm-up pass (first statements pay for loading column segments from disk).
    for (const user of USERS) {
      const mine = requests.get(user.userId)!;
      await renderDashboard(db, web, user, mine[Math.min(1, mine.length - 1)]!);
    }
    for (let round = 0; round < ROUNDS; round++) {
      for (const user of USERS) {
        for (const r of requests.get(user.userId)!) {
          const cpuBefore = process.cpuUsage();
          const [qMs] = await time(() =>
            loadDashboard(db, dashboardQuery(user, r.choice), { bucket: r.choice.bucket }),
          );
          const cpuMs = cpuMsSince(cpuBefore);
          const [rMs] = await time(() => renderDashboard(db, web, user, r));
          queries.push(qMs);
          responses.push(rMs);
          const entry = perKind.get(r.kind) ?? { queries: [], response: [], cpu: [] };
          entry.queries.push(qMs);
          entry.cpu.push(cpuMs);
          entry.response.push(rMs);
          perKind.set(r.kind, entry);
        }
      }
    }
    for (const [kind, e] of perKind)
      console.log(
        `  range=${kind.padEnd(6)} queries_ms=${String(Math.round(median(e.queries))).padStart(4)} response_ms=${String(Math.round(median(e.response))).padStart(4)}  (median of ${e.queries.length})` +
          ` cpu_ms=${String(Math.round(median(e.cpu))).padStart(4)} queries_ratio=${(median(e.queries) / TARGET_QUERIES_MS).toFixed(2)} response_ratio=${(median(e.response) / TARGET_RESPONSE_MS).toFixed(2)}`,
      );
    console.log(
      `  targets: queries ≤ ${TARGET_QUERIES_MS} ms and response ≤ ${TARGET_RESPONSE_MS} ms for every range kind; ` +
        `cpu_ms = CPU of the whole process (all DuckDB threads) during loadDashboard; ` +
        `load average ${loadavg()
          .map((l) => l.toFixed(2))
          .join(' ')} on ${availableParallelism()} cores`,
    );

    const reviews = await measureYearInReview(db);
    console.log(`  year in review (2024, 2025)  median ${median(reviews).toFixed(0)} ms`);
    await web?.close();
    console.log(
      web
        ? '  response = GET / of the web app (dashboard page, signed in), in-process'
        : '  response = loadDashboard + JSON serialisation (this checkout has no web dashboard route)',
    );
    console.log(
      `analytics plays=${plays} dashboard_queries_ms=${Math.round(median(queries))} dashboard_response_ms=${Math.round(median(responses))} review_ms=${Math.round(median(reviews))}`,
    );
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
