/**
 * Analytics benchmark: 1,000,000 plays for 5 users over 10 years in a real DuckDB file,
 * then per dashboard request the median time of its whole query set (`loadDashboard`) and
 * of the rendered response, and the same for the year in review.
 *
 * The rendered response is the web app's dashboard page (`GET /` of createWebApp with a
 * session cookie, in-process) when this checkout has that route; on a checkout without
 * the web app's routes it falls back to loadDashboard + JSON serialisation, and says so.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type Bucket,
  lastDaysRange,
  loadDashboard,
  loadYearInReview,
  yearRange,
} from '../src/analytics/index.ts';
import type { Db } from '../src/store/db.ts';
import { openStore } from '../src/store/open.ts';
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

interface DashboardRequest {
  label: string;
  /** The same request to the web app's dashboard page. */
  path: string;
  days?: number;
  year?: number;
  bucket: Bucket;
  metric: 'plays' | 'minutes';
}

/** What people open: the default month, the last year by week, a calendar year, ten years. */
const REQUESTS: DashboardRequest[] = [
  { label: 'last 30 days', path: '/?range=30d&metric=plays', days: 30, bucket: 'day', metric: 'plays' },
  {
    label: 'last 365 days',
    path: '/?range=365d&metric=minutes&bucket=week',
    days: 365,
    bucket: 'week',
    metric: 'minutes',
  },
  {
    label: 'year 2025',
    path: '/?range=custom&from=2025-01-01&to=2025-12-31&bucket=month',
    year: 2025,
    bucket: 'month',
    metric: 'plays',
  },
  {
    label: 'all 10 years',
    path: '/?range=all&metric=minutes&bucket=month',
    days: 3700,
    bucket: 'month',
    metric: 'minutes',
  },
];

function rangeOf(r: DashboardRequest, timeZone: string) {
  return r.year ? yearRange(r.year, timeZone) : lastDaysRange(r.days!, END - 1, timeZone);
}

/** The rendered response: the web app's page, or else the dashboard serialised as JSON. */
async function renderDashboard(
  db: Db,
  web: WebDashboard | null,
  user: (typeof USERS)[number],
  r: DashboardRequest,
): Promise<number> {
  if (web) return web.render(user.userId, r.path);
  const dashboard = await loadDashboard(
    db,
    { userId: user.userId, timeZone: user.timeZone, metric: r.metric, ...rangeOf(r, user.timeZone) },
    { bucket: r.bucket },
  );
  return JSON.stringify(dashboard).length;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function time<T>(work: () => Promise<T>): Promise<[number, T]> {
  const started = performance.now();
  const result = await work();
  return [performance.now() - started, result];
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
    const perRequest = new Map<string, { queries: number[]; response: number[] }>();
    const queries: number[] = [];
    const responses: number[] = [];
    // A warm-up pass (first statements pay for loading column segments from disk).
    for (const user of USERS) await renderDashboard(db, web, user, REQUESTS[0]!);
    for (let round = 0; round < ROUNDS; round++) {
      for (const user of USERS) {
        for (const r of REQUESTS) {
          const range = rangeOf(r, user.timeZone);
          const query = { userId: user.userId, timeZone: user.timeZone, metric: r.metric, ...range };
          const [qMs] = await time(() => loadDashboard(db, query, { bucket: r.bucket }));
          const [rMs] = await time(() => renderDashboard(db, web, user, r));
          queries.push(qMs);
          responses.push(rMs);
          const entry = perRequest.get(r.label) ?? { queries: [], response: [] };
          entry.queries.push(qMs);
          entry.response.push(rMs);
          perRequest.set(r.label, entry);
        }
      }
    }
    for (const [label, e] of perRequest)
      console.log(
        `  dashboard ${label.padEnd(14)} queries median ${median(e.queries).toFixed(0).padStart(4)} ms, response median ${median(e.response).toFixed(0).padStart(4)} ms`,
      );

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
