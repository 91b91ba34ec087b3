import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningListenBrainzSim, startListenBrainzSim } from '../../sim/listenbrainz/index.ts';
import { runCapturePass } from '../../src/jobs/capture.ts';
import { createForwardRuntime } from '../../src/forward/runtime.ts';
import { saveTarget } from '../../src/forward/targets.ts';
import { type Harness, startHarness } from '../helpers/harness.ts';

let h: Harness;
let lb: RunningListenBrainzSim;
let now = () => Date.now();

beforeAll(async () => {
  lb = await startListenBrainzSim({ tokens: { 'capture-lb-token': 'alice-lb' }, now: () => now() });
  h = await startHarness({ env: { LISTENBRAINZ_API_URL: lb.url } });
  now = () => h.clock.now();
});
afterAll(async () => {
  await h?.close();
  await lb?.close();
});

describe('forwarding after a capture pass', () => {
  it('sends the plays a capture pass stored, in play order, and nothing twice on the next pass', async () => {
    await h.connect('demo-alice');
    const runtime = createForwardRuntime({ config: h.config, clock: h.clock, logger: h.logger });
    const since = h.clock.now() - 24 * 3600_000;
    const secretEnc = runtime.cipher.encrypt('capture-lb-token');
    await saveTarget(
      h.db,
      { userId: 'demo-alice', kind: 'listenbrainz', remoteUser: 'alice-lb', secretEnc, sinceMs: since },
      h.clock.now(),
    );
    h.clock.advance(2 * 3600_000);
    const report = await runCapturePass({ ...h.ctx, services: h.services });
    expect(report.counts.plays_added ?? 0).toBeGreaterThan(0);
    const stored = await h.db.all<{ track_name: string }>(
      `SELECT track_name FROM plays WHERE user_id = 'demo-alice' AND kind = 'track'
         AND played_at >= make_timestamptz(?::BIGINT * 1000) ORDER BY played_at, track_key`,
      [since],
    );
    expect(stored.length).toBeGreaterThan(0);
    expect(lb.state.received.map((l) => l.track)).toEqual(stored.map((p) => p.track_name));
    h.clock.advance(10 * 60_000);
    await runCapturePass({ ...h.ctx, services: h.services });
    expect(lb.state.duplicates).toBe(0);
  });
});
