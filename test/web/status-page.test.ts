import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newRunReport, saveRunReport } from '../../src/store/job-runs.ts';
import { CookieClient, startWebHarness, type WebHarness } from './web-harness.ts';

let h: WebHarness;
let alice: CookieClient;
let bob: CookieClient;

beforeAll(async () => {
  h = await startWebHarness();
  alice = new CookieClient(h.web.url);
  bob = new CookieClient(h.web.url);
  await alice.signIn('demo-alice');
  await bob.signIn('demo-bob');
});

afterAll(async () => {
  await h?.stop();
});

describe('status page', () => {
  it("shows the account's problems and its own job errors, not another account's", async () => {
    await h.services.spotify.tokens.markReconnectNeeded('demo-bob', 'Spotify refused the refresh token');
    const failed = newRunReport('listen-log', 'demo-bob', h.clock.now());
    failed.outcome = 'failed';
    failed.errors = ['demo-bob: recently-played answered 500 three times'];
    failed.finishedAt = h.clock.now();
    await saveRunReport(h.db, failed);
    const shared = newRunReport('shows-weekly', null, h.clock.now());
    shared.outcome = 'deferred';
    shared.resumeAt = h.clock.now() + 3600_000;
    shared.summary = 'quota pause';
    await saveRunReport(h.db, shared);

    const bobs = await (await bob.fetch('/status')).text();
    expect(bobs).toContain('reconnect needed: Spotify refused the refresh token');
    expect(bobs).toContain('recently-played answered 500 three times');
    expect(bobs).toContain('shows-weekly');
    expect(bobs).toContain('Consent expires');

    const alices = await (await alice.fetch('/status')).text();
    expect(alices).not.toContain('recently-played answered 500');
    expect(alices).not.toContain('Spotify refused the refresh token');
    expect(alices).toContain('No pauses, no reconnect needed');
    expect(alices).toContain('shows-weekly'); // shared jobs are everyone's
  });
});
