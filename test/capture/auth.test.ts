import { spawn } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { accountStatuses } from '../../src/capture/account-status.ts';
import { runCapturePass } from '../../src/jobs/capture.ts';
import { beginConnect, ConnectError, completeConnect, MAX_ACCOUNTS } from '../../src/spotify/connect.ts';
import {
  createTokenCipher,
  KeyError,
  loadOrCreateKeyFile,
  parseKey,
} from '../../src/spotify/token-crypto.ts';
import { CONSENT_LIFETIME_MS } from '../../src/spotify/token-store.ts';
import { type Harness, startHarness } from '../helpers/harness.ts';

let h: Harness;
afterEach(async () => h?.close());

const DAY = 24 * 3600 * 1000;

describe('Spotify auth', () => {
  it('stores tokens only encrypted, rotating the refresh token on every refresh', async () => {
    h = await startHarness();
    await h.connect('demo-alice');
    const first = await h.services.spotify.tokens.get('demo-alice');
    const raw = await h.db.one<{ refresh_token_enc: string; access_token_enc: string }>(
      'SELECT * FROM tokens',
    );
    expect(raw?.refresh_token_enc.startsWith('v1:')).toBe(true);
    expect(raw?.refresh_token_enc).not.toContain(first!.refreshToken);
    await h.db.close();
    const fileBytes = readFileSync(h.config.dbPath).toString('latin1');
    expect(fileBytes.includes(first!.refreshToken)).toBe(false);
    expect(fileBytes.includes(first!.accessToken!)).toBe(false);
    await h.reopen();
    h.clock.advance(2 * 3600 * 1000);
    await h.services.spotify.tokenProvider.accessToken('demo-alice');
    const second = await h.services.spotify.tokens.get('demo-alice');
    expect(second!.refreshToken).not.toBe(first!.refreshToken);
    // The old refresh token is dead at Spotify: only the persisted new one works.
    h.clock.advance(2 * 3600 * 1000);
    await expect(h.services.spotify.tokenProvider.accessToken('demo-alice')).resolves.toBeTruthy();
  });

  it('serialises concurrent refreshes so a single-use refresh token is used once', async () => {
    h = await startHarness();
    await h.connect('demo-bob');
    h.clock.advance(2 * 3600 * 1000);
    const tokens = await Promise.all(
      [1, 2, 3].map(() => h.services.spotify.tokenProvider.accessToken('demo-bob')),
    );
    expect(new Set(tokens).size).toBe(1);
    const [status] = await accountStatuses(h.db, h.services.spotify.tokens, h.clock.now());
    expect(status?.problems).toEqual([]);
  });

  it('warns 14 days before the 6-month consent runs out, then asks for a reconnect', async () => {
    h = await startHarness();
    await h.connect('demo-alice');
    const consented = (await h.services.spotify.tokens.get('demo-alice'))!.consentedAt;
    h.clock.set(consented + CONSENT_LIFETIME_MS - 10 * DAY);
    let [status] = await accountStatuses(h.db, h.services.spotify.tokens, h.clock.now());
    expect(status?.problems).toEqual([{ kind: 'consent_expiring', on: consented + CONSENT_LIFETIME_MS }]);
    h.clock.set(consented + CONSENT_LIFETIME_MS + DAY);
    const report = await runCapturePass({ ...h.ctx, services: h.services });
    expect(report.counts.users_reconnect_needed).toBe(1);
    [status] = await accountStatuses(h.db, h.services.spotify.tokens, h.clock.now());
    expect(status?.problems[0]?.kind).toBe('reconnect_needed');
  });

  it('refuses a sixth account, a state mismatch, a denied consent and an unknown client id', async () => {
    h = await startHarness({ sim: { users: ['u1', 'u2', 'u3', 'u4', 'u5', 'u6'].map((id) => ({ id })) } });
    for (const id of ['u1', 'u2', 'u3', 'u4', 'u5']) await h.connect(id);
    await expect(h.connect('u6')).rejects.toThrow(`already has ${MAX_ACCOUNTS} connected accounts`);
    await expect(h.connect('u1')).resolves.toBeUndefined(); // reconnecting an existing account is fine
    const pending = beginConnect(h.services.spotify);
    const deps = { db: h.db, spotify: h.services.spotify, clock: h.clock };
    await expect(completeConnect(deps, pending, { code: 'x', state: 'other' })).rejects.toBeInstanceOf(
      ConnectError,
    );
    await expect(
      completeConnect(deps, pending, { error: 'access_denied', state: pending.state }),
    ).rejects.toThrow('declined');
    const bad = beginConnect({ ...h.services.spotify, clientId: 'unknownclient0000' });
    const response = await fetch(bad.url, { redirect: 'manual' });
    expect(response.status).toBeGreaterThanOrEqual(400);
  });

  it('keeps the key file private and rejects a wrong or malformed key', async () => {
    h = await startHarness({ env: { ENCORE_SECRET_KEY: '' } });
    const path = join(h.dir, 'key', 'encore.key');
    const key = loadOrCreateKeyFile(path);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(loadOrCreateKeyFile(path).equals(key)).toBe(true);
    const stored = createTokenCipher(key).encrypt('secret-refresh-token');
    expect(() => createTokenCipher(Buffer.alloc(32, 1)).decrypt(stored)).toThrow(KeyError);
    expect(() => parseKey('too-short')).toThrow(/32 bytes/);
    expect(parseKey(Buffer.alloc(32, 3).toString('hex')).length).toBe(32);
  });
});

describe('crash safety', () => {
  it('loses and doubles no play when the process is killed in the middle of a capture', async () => {
    h = await startHarness();
    await h.connect('demo-chen');
    await runCapturePass({ ...h.ctx, services: h.services });
    const before = (await h.db.one<{ n: number }>('SELECT count(*) AS n FROM plays'))!.n;
    expect(before).toBe(50);
    await h.db.close();
    h.clock.advance(6 * 3600 * 1000);
    // A second process runs a capture pass and is killed after fetching, before commit.
    const script = `
      import { openStore } from './src/store/open.ts';
      import { createServices } from './src/app/services.ts';
      import { runCapturePass } from './src/jobs/capture.ts';
      import { loadConfig } from './src/config/config.ts';
      import { ManualClock } from './src/util/clock.ts';
      import { silentLogger } from './src/util/logger.ts';
      const config = loadConfig({ env: JSON.parse(process.env.TEST_ENV), dotenvPath: null });
      const db = await openStore(config.dbPath);
      const clock = new ManualClock(Number(process.env.TEST_NOW));
      const sim = JSON.parse(process.env.TEST_SIM);
      const ctx = { config, db, clock, logger: silentLogger, progress: () => null, close: async () => {} };
      const services = await createServices(ctx, { sim: { ...sim, close: async () => {} } });
      await runCapturePass({ ...ctx, services }, { beforeCommit: () => process.kill(process.pid, 'SIGKILL') });
      console.log('not killed');`;
    // Async spawn: the simulator lives in this process and must keep answering.
    const child = await runChild(script, {
      ...process.env,
      TEST_ENV: JSON.stringify({
        ENCORE_DATA_DIR: h.dir,
        ENCORE_SECRET_KEY: h.config.secretKey,
        ENCORE_DEMO: 'true',
      }),
      TEST_NOW: String(h.clock.now()),
      TEST_SIM: JSON.stringify({
        url: h.sim.url,
        accountsUrl: h.sim.accountsUrl,
        apiUrl: h.sim.apiUrl,
        clientId: h.sim.clientId,
      }),
    });
    expect(child.signal).toBe('SIGKILL');
    expect(child.stdout).not.toContain('not killed');
    await h.reopen();
    const afterCrash = await h.db.one<{ n: number }>('SELECT count(*) AS n FROM plays');
    expect(afterCrash?.n).toBe(before); // the killed pass committed nothing
    await runCapturePass({ ...h.ctx, services: h.services });
    const truth = h.sim.state
      .visiblePlaysOf('demo-chen', h.clock.now())
      .filter((p) => p.msPlayed >= 30_000)
      .slice(-50);
    const rows = await h.db.all<{ k: string }>(
      "SELECT track_id || '@' || epoch_ms(played_at) AS k FROM plays",
    );
    const keys = new Set(rows.map((r) => r.k));
    expect(keys.size).toBe(rows.length);
    for (const p of truth) expect(keys.has(`${p.trackId}@${p.endedAt}`)).toBe(true);
  });
});

function runChild(
  script: string,
  env: Record<string, string | undefined>,
): Promise<{ signal: string | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: join(import.meta.dirname, '../..'),
      env: { ...process.env, ...env },
    });
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => resolve({ signal, stdout }));
  });
}
