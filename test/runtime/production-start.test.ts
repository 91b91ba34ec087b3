import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildInto, productionFolder } from './production-install.ts';

// The container's exact start command (Dockerfile CMD), run in a folder shaped like its /app:
// compiled dist/, bin/, package.json and production dependencies only — no src/, no tsx.
const START = ['bin/encore.js', 'serve'];

let app: string;
let dataDir: string;
let server: ChildProcess | undefined;
let output = '';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** A clean environment like the container's: only what the Dockerfile sets plus PATH. */
function containerEnv(port: number): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: dataDir,
    ENCORE_DATA_DIR: dataDir,
    PORT: String(port),
    ENCORE_HOST: '127.0.0.1',
  };
}

async function waitFor(url: string, deadlineMs: number): Promise<Response> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    try {
      return await fetch(url);
    } catch (error) {
      if (Date.now() > until || server?.exitCode !== null)
        throw new Error(`no answer from ${url}:\n${output}`, { cause: error });
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

let port: number;

beforeAll(async () => {
  const built = mkdtempSync(join(tmpdir(), 'encore-dist-'));
  buildInto(built);
  app = productionFolder(built);
  dataDir = mkdtempSync(join(tmpdir(), 'encore-prod-data-'));
  port = await freePort();
  server = spawn(process.execPath, START, { cwd: app, env: containerEnv(port) });
  server.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  server.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
}, 80_000);

afterAll(() => {
  server?.kill('SIGTERM');
  if (app) rmSync(app, { recursive: true, force: true });
});

describe('production install start command', () => {
  it('has no sources and no tsx, so the compiled build is what runs', () => {
    expect(existsSync(join(app, 'src'))).toBe(false);
    expect(existsSync(join(app, 'node_modules', 'tsx'))).toBe(false);
    expect(existsSync(join(app, 'dist', 'src', 'cli', 'main.js'))).toBe(true);
  });

  it('serves /healthz and /readyz on PORT', async () => {
    const health = await waitFor(`http://127.0.0.1:${port}/healthz`, 30_000);
    expect(health.status).toBe(200);
    expect(((await health.json()) as { ok: boolean }).ok).toBe(true);
    let ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    // Migrations run at start-up; readiness may lag liveness by a moment.
    for (let i = 0; i < 50 && ready.status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 200));
      ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    }
    expect(ready.status, output).toBe(200);
    expect(((await ready.json()) as { ready: boolean }).ready).toBe(true);
  }, 40_000);

  it('answers --help through the same bin', () => {
    const help = spawnSync(process.execPath, ['bin/encore.js', '--help'], {
      cwd: app,
      env: containerEnv(0),
      encoding: 'utf8',
    });
    expect(help.status, help.stderr).toBe(0);
    expect(help.stdout).toContain('serve');
  });
});
