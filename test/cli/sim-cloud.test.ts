// `encore sim` starts the Cloud Storage, BigQuery, ListenBrainz and Last.fm simulators too and
// prints their endpoints; the printed settings work with the real clients.
import { type ChildProcess, spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BigQuery } from '@google-cloud/bigquery';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStorageClient } from '../../src/cloud/gcs-client.ts';
import { lastfmApiSig } from '../../src/forward/lastfm.ts';
import { offlineAuth } from '../../src/warehouse/index.ts';

const ROOT = join(import.meta.dirname, '../..');
let child: ChildProcess;
let output = '';

beforeAll(async () => {
  child = spawn(
    process.execPath,
    [
      join(ROOT, 'bin/encore.js'),
      'sim',
      '--port',
      '0',
      '--gcs-port',
      '0',
      '--bigquery-port',
      '0',
      '--bucket',
      'my-state',
      '--listenbrainz-port',
      '0',
      '--lastfm-port',
      '0',
    ],
    { cwd: tmpdir(), env: { PATH: process.env.PATH, HOME: process.env.HOME } },
  );
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const until = Date.now() + 60_000;
  while (!/BigQuery simulator[\s\S]*LASTFM_AUTH_URL=/.test(output)) {
    if (Date.now() > until || child.exitCode !== null)
      throw new Error(`encore sim did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}, 90_000);

afterAll(() => {
  child?.kill('SIGTERM');
});

const setting = (name: string) => new RegExp(`${name}=(\\S+?)\\)?(\\s|$)`).exec(output)?.[1];

describe('encore sim', () => {
  it('prints the Spotify, Cloud Storage and BigQuery endpoints with the settings to use', () => {
    expect(output).toMatch(/Spotify simulator/);
    expect(setting('ENCORE_GCS_ENDPOINT')).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(setting('STORAGE_EMULATOR_HOST')).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(setting('ENCORE_BIGQUERY_ENDPOINT')).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(output).toContain('gs://my-state');
    expect(setting('ENCORE_WAREHOUSE')).toBe('bigquery://encore-sim/encore');
  });

  it('the printed endpoints answer the real clients', async () => {
    const storage = createStorageClient({ emulatorHost: setting('STORAGE_EMULATOR_HOST') });
    expect((await storage.bucket('my-state').exists())[0]).toBe(true);
    expect((await storage.bucket('encore-shows').exists())[0]).toBe(false);
    const bigquery = new BigQuery({
      projectId: 'encore-sim',
      apiEndpoint: setting('ENCORE_BIGQUERY_ENDPOINT'),
      authClient: offlineAuth(),
    });
    await bigquery.createDataset('encore');
    expect((await bigquery.dataset('encore').exists())[0]).toBe(true);
  }, 30_000);

  it('prints the ListenBrainz and Last.fm settings, and both answer over HTTP', async () => {
    const lb = setting('LISTENBRAINZ_API_URL');
    const fm = setting('LASTFM_API_URL');
    const auth = setting('LASTFM_AUTH_URL');
    expect(lb).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(fm).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/2\.0\/$/);
    expect(auth).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/auth\/$/);
    const valid = await fetch(`${lb}/1/validate-token`, { headers: { Authorization: 'Token sim-lb-token' } });
    expect(await valid.json()).toMatchObject({ valid: true, user_name: 'sim-user' });
    const params = { method: 'auth.getToken', api_key: 'sim-lastfm-key' };
    const query = new URLSearchParams({
      ...params,
      api_sig: lastfmApiSig(params, 'sim-lastfm-secret'),
      format: 'json',
    });
    const token = (await (await fetch(`${fm}?${query}`)).json()) as { token?: string };
    expect(token.token).toMatch(/^[0-9a-f]{32}$/);
    const page = await fetch(`${auth}?api_key=sim-lastfm-key&token=${token.token}`);
    expect(page.status).toBe(200);
  }, 30_000);

  it('a bad port is a usage error', async () => {
    const bad = spawn(process.execPath, [join(ROOT, 'bin/encore.js'), 'sim', '--gcs-port', 'x'], {
      cwd: tmpdir(),
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
    });
    let err = '';
    bad.stderr?.on('data', (c: Buffer) => (err += c.toString()));
    const code = await new Promise((r) => bad.once('exit', r));
    expect(code).not.toBe(0);
    expect(err).toContain('--gcs-port must be a port number.');
  }, 60_000);
});
