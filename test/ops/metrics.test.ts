import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountLabel } from '../../src/ops/metrics.ts';
import { startWebHarness, type WebHarness } from '../web/web-harness.ts';

const SECRET = 'metrics-job-secret-0042';
let h: WebHarness;

beforeAll(async () => {
  h = await startWebHarness({ env: { ENCORE_JOB_SECRET: SECRET } });
  await h.db.run(
    `INSERT INTO plays (user_id, track_key, played_at, source) VALUES
       ('alice', 't1', TIMESTAMPTZ '2026-11-01 10:00:00+00', 'recently_played'),
       ('alice', 't2', TIMESTAMPTZ '2026-11-01 10:04:00+00', 'recently_played'),
       ('alice', 't3', TIMESTAMPTZ '2026-11-01 10:08:00+00', 'listenbrainz_submit')`,
  );
  await h.db.run(
    `INSERT INTO job_runs (run_id, job, started_at, outcome) VALUES
       ('r1', 'capture', now(), 'ok'), ('r2', 'capture', now(), 'ok'), ('r3', 'capture', now(), 'deferred'),
       ('r4', 'shows-sync', now(), 'failed')`,
  );
  // A real call through the Spotify client, counted by the process's shared counter.
  await h.services.spotify.accounts.exchangeCode('x', 'y').catch(() => undefined);
});
afterAll(() => h.stop());

describe('GET /metrics', () => {
  it('serves Prometheus text to a local caller: plays, API calls, job outcomes, quota pauses', async () => {
    const res = await fetch(`${h.web.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    const alice = accountLabel('alice');
    expect(text).toContain('# TYPE encore_plays_total counter');
    expect(text).toContain(`encore_plays_total{account="${alice}",source="recently_played"} 2`);
    expect(text).toContain(`encore_plays_total{account="${alice}",source="listenbrainz_submit"} 1`);
    expect(text).toMatch(/^encore_api_calls_total\{api="[a-z-]+",endpoint="POST [^"]*token"\} 1$/m);
    expect(text).toContain('encore_job_runs_total{job="capture",outcome="ok"} 2');
    expect(text).toContain('encore_job_runs_total{job="shows-sync",outcome="failed"} 1');
    expect(text).toContain('encore_quota_pauses_total{job="capture"} 1');
    expect(text).not.toContain('alice');
    // Every sample line is `name{labels} number`.
    for (const line of text
      .trim()
      .split('\n')
      .filter((l) => !l.startsWith('#')))
      expect(line).toMatch(/^[a-z_]+\{[^}]*\} \d+$/);
  });

  it('refuses a request forwarded by a proxy unless it carries the job secret', async () => {
    const forwarded = await fetch(`${h.web.url}/metrics`, { headers: { 'x-forwarded-for': '203.0.113.9' } });
    expect(forwarded.status).toBe(401);
    const wrong = await fetch(`${h.web.url}/metrics`, {
      headers: { 'x-forwarded-for': '203.0.113.9', authorization: 'Bearer nope' },
    });
    expect(wrong.status).toBe(401);
    const withSecret = await fetch(`${h.web.url}/metrics`, {
      headers: { 'x-forwarded-for': '203.0.113.9', authorization: `Bearer ${SECRET}` },
    });
    expect(withSecret.status).toBe(200);
    expect(await withSecret.text()).toContain('encore_plays_total');
  });
});
