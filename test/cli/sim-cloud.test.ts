// `encore sim` starts the Cloud Storage and BigQuery simulators too and prints their endpoints;
// the printed settings work with the real clients.
import { type ChildProcess, spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BigQuery } from '@google-cloud/bigquery';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStorageClient } from '../../src/cloud/gcs-client.ts';
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
    ],
    { cwd: tmpdir(), env: { PATH: process.env.PATH, HOME: process.env.HOME } },
  );
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const until = Date.now() + 60_000;
  while (!/BigQuery simulator[\s\S]*project:/.test(output)) {
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
    const storage = createStorageClient({ STORAGE_EMULATOR_HOST: setting('STORAGE_EMULATOR_HOST') });
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
