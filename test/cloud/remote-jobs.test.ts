// POST /jobs/<name> on servers configured with ENCORE_STATE_URL: each run downloads the bucket's
// DuckDB file, runs on it and writes it back with a generation precondition. Two real encore
// servers, the Cloud Storage and Spotify simulators, all over HTTP on 127.0.0.1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUR, MINUTE } from '../../sim/spotify/index.ts';
import { remoteWorld, type Server, USERS } from './remote-world.ts';

const BUCKET = 'encore-state';
const world = remoteWorld({
  name: 'remote-jobs',
  bucket: BUCKET,
  jobSecret: 'remote-jobs-secret-0007',
  spotifySeed: 5,
});
const { clock, startServer, stored, remoteRows, trigger } = world;

let a: Server;
let b: Server;

beforeAll(async () => {
  await world.setUp();
  a = await startServer();
  b = await startServer();
}, 60_000);

afterAll(() => world.tearDown([a, b]));

describe('POST /jobs/<name> with ENCORE_STATE_URL', () => {
  it('runs on the bucket’s file and writes it back; the page copy follows', async () => {
    const before = stored().generation;
    const response = await trigger(a, 'capture');
    expect(response.status).toBe(200);
    const report = (await response.json()) as { runId: string; counts: Record<string, number> };
    expect(report.counts.users_polled).toBe(2);
    expect(report.counts.plays_added).toBeGreaterThan(0);
    expect(stored().generation).toBeGreaterThan(before);
    const remote = await remoteRows<{ n: number }>('SELECT count(*) AS n FROM plays');
    expect(remote[0]!.n).toBe(report.counts.plays_added);
    const runs = await remoteRows<{ run_id: string }>('SELECT run_id FROM job_runs');
    expect(runs.map((r) => r.run_id)).toContain(report.runId);
    // The server's own handle now reads the saved file (what its pages show).
    expect((await a.ctx.db.one<{ n: number }>('SELECT count(*) AS n FROM plays'))!.n).toBe(
      report.counts.plays_added,
    );
  });

  it('two servers overlapping: the later writer gets 412, re-runs on the newer file, nothing is lost', async () => {
    clock.advance(10 * MINUTE);
    const hold = world.gcs.state.holdNextUpload();
    const first = trigger(a, 'capture'); // captures now, then waits in its upload
    await hold.reached;
    const generationWhileHeld = stored().generation;
    const heldAt = clock.now();
    // Move on until Spotify shows a play A's snapshot cannot have (still before the tokens expire).
    const newPlay = () =>
      USERS.some((u) => world.spotify.state.visiblePlaysOf(u, clock.now()).some((p) => p.endedAt > heldAt));
    for (let i = 0; i < 8 && !newPlay(); i++) clock.advance(5 * MINUTE);
    expect(newPlay()).toBe(true);
    const second = await trigger(b, 'capture'); // downloads the same generation, finishes first
    expect(second.status).toBe(200);
    const secondReport = (await second.json()) as { runId: string; counts: Record<string, number> };
    expect(secondReport.counts.users_polled).toBe(2);
    expect(stored().generation).toBeGreaterThan(generationWhileHeld);
    hold.release();
    expect((await first).status).toBe(200);
    expect(a.logger.lines.some((l) => l.includes('was written by another run first'))).toBe(true);
    expect(world.gcs.state.requests.some((r) => r.status === 412)).toBe(true);
    // B's plays since A's snapshot survive A's late write (a blind upload would drop them).
    const late = await remoteRows<{ n: number }>(
      `SELECT count(*) AS n FROM plays WHERE played_at > '${new Date(heldAt).toISOString()}'::TIMESTAMPTZ`,
    );
    expect(late[0]!.n).toBeGreaterThan(0);
    const keys = "SELECT user_id || '|' || track_key || '|' || epoch_ms(played_at) AS k FROM plays";
    const remote = (await remoteRows<{ k: string }>(keys)).map((r) => r.k);
    const bPlays = (await b.ctx.db.all<{ k: string }>(keys)).map((r) => r.k);
    for (const k of bPlays) expect(remote).toContain(k);
    expect(remote.length).toBe(new Set(remote).size);
    const runs = await remoteRows<{ run_id: string }>('SELECT run_id FROM job_runs');
    expect(runs.map((r) => r.run_id)).toContain(secondReport.runId);
  }, 60_000);

  it('a refresh token rotated by the attempt that lost the race is kept', async () => {
    clock.advance(HOUR); // the access tokens expired: this capture refreshes (Spotify rotates)
    const hold = world.gcs.state.holdNextUpload();
    const first = trigger(a, 'capture');
    await hold.reached;
    expect((await trigger(b, 'resolve')).status).toBe(200); // wins the race without Spotify tokens
    hold.release();
    const answer = (await (await first).json()) as { counts: Record<string, number> };
    expect(answer.counts.users_reconnect_needed).toBeUndefined();
    expect(a.logger.lines.some((l) => l.includes('kept the refresh tokens the lost attempt rotated'))).toBe(
      true,
    );
    // Another hour: B must refresh with the token A's lost attempt received — the old one is revoked.
    clock.advance(70 * MINUTE);
    const later = await trigger(b, 'capture');
    expect(later.status).toBe(200);
    const report = (await later.json()) as { counts: Record<string, number>; errors: string[] };
    expect(report.errors).toEqual([]);
    expect(report.counts.users_polled).toBe(2);
    const states = await remoteRows<{ state: string }>('SELECT state FROM tokens');
    expect(states.map((r) => r.state)).toEqual(['ok', 'ok']);
  }, 60_000);

  it('two jobs triggered at once on one server take turns (each writes back)', async () => {
    clock.advance(HOUR);
    const writes = () =>
      world.gcs.state.requests.filter(
        (r) => r.method === 'POST' && r.path.startsWith('/upload/') && r.status === 200,
      ).length;
    const before = writes();
    const conflicts = world.gcs.state.requests.filter((r) => r.status === 412).length;
    const [capture, resolve] = await Promise.all([trigger(a, 'capture'), trigger(a, 'resolve')]);
    expect([capture.status, resolve.status]).toEqual([200, 200]);
    expect(writes() - before).toBe(2);
    // Taking turns, neither run lost a race to the other.
    expect(world.gcs.state.requests.filter((r) => r.status === 412).length).toBe(conflicts);
  }, 60_000);

  it('a bucket the service account may not use answers 500 with what to fix', async () => {
    world.gcs.state.deny(BUCKET);
    try {
      const response = await trigger(b, 'capture');
      expect(response.status).toBe(500);
      const body = (await response.json()) as { error: string };
      expect(body.error).toMatch(/permission denied — give the service account roles\/storage\.objectAdmin/);
    } finally {
      world.gcs.state.allow(BUCKET);
    }
  });
});
