import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.ts';
import { configSchema } from '../../src/config/schema.ts';
import { productionPackages, REPO } from '../runtime/production-install.ts';
import { type BuiltStage, buildStages, hostPath } from './docker-build.ts';
import { parseDockerfile } from './dockerfile.ts';
import { parseDockerignore } from './dockerignore.ts';

// The Dockerfile's own instructions, run without a daemon (see docker-build.ts): the
// build stage compiles, the runtime stage installs production dependencies for real, and
// its CMD and HEALTHCHECK are started exactly as written.

let workspace: string;
let runtime: BuiltStage;
let server: ChildProcess | undefined;
let output = '';
let port: number;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** The container's environment: the image's ENV (the data folder mapped into the stage root), PORT as Cloud Run sets it. */
function containerEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const dataDir = hostPath(runtime, runtime.env.ENCORE_DATA_DIR!);
  return {
    PATH: process.env.PATH,
    HOME: dataDir,
    ...runtime.env,
    ENCORE_DATA_DIR: dataDir,
    PORT: String(port),
    ...extra,
  };
}

function healthcheck(env: NodeJS.ProcessEnv): number | null {
  const [command, ...args] = runtime.healthcheck!;
  return spawnSync(command === 'node' ? process.execPath : command!, args, { env, timeout: 10_000 }).status;
}

async function until<T>(probe: () => Promise<T | undefined>, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline || server?.exitCode !== null) throw new Error(`gave up waiting:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  workspace = mkdtempSync(join(tmpdir(), 'encore-docker-'));
  const stages = parseDockerfile(readFileSync(join(REPO, 'Dockerfile'), 'utf8'));
  const ignore = parseDockerignore(readFileSync(join(REPO, '.dockerignore'), 'utf8'));
  const built = buildStages(stages, { context: REPO, ignore, workspace, devModules: REPO });
  runtime = built.at(-1)!;
  port = await freePort();
  const [command, ...args] = runtime.cmd!;
  expect(command).toBe('node');
  server = spawn(process.execPath, args, { cwd: hostPath(runtime, '.'), env: containerEnv() });
  server.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  server.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
}, 480_000); // a real production install and a full compile: minutes on a shared machine

afterAll(() => {
  if (server && server.exitCode === null) server.kill('SIGTERM');
  if (workspace) rmSync(workspace, { recursive: true, force: true });
});

describe('Dockerfile runtime stage', () => {
  it('is node:20-slim, runs as the unprivileged node user and owns its data folder', () => {
    expect(runtime.image).toBe('node:20-slim');
    expect(runtime.user).toBe('node');
    expect(runtime.owners[runtime.env.ENCORE_DATA_DIR!]).toBe('node:node');
    expect(runtime.volumes).toEqual([runtime.env.ENCORE_DATA_DIR]);
  });

  it('sets only real settings, and encore reads them as meant', () => {
    const known = new Set([...Object.keys(configSchema.shape), 'PORT', 'NODE_ENV']);
    expect(Object.keys(runtime.env).filter((k) => !known.has(k))).toEqual([]);
    expect(runtime.env).toMatchObject({ ENCORE_HOST: '0.0.0.0', PORT: '8080', ENCORE_DATA_DIR: '/data' });
    const config = loadConfig({ env: { ...runtime.env }, dotenvPath: null, cwd: workspace });
    expect([config.host, config.port, config.dataDir]).toEqual(['0.0.0.0', 8080, '/data']);
    expect(runtime.exposed).toEqual([runtime.env.PORT]);
  });

  it('holds compiled code and production dependencies only', () => {
    const app = hostPath(runtime, '.');
    expect(existsSync(join(app, 'dist', 'src', 'cli', 'main.js'))).toBe(true);
    expect(existsSync(join(app, 'dist', 'src', 'store', 'migrations'))).toBe(true);
    expect(existsSync(join(app, 'src'))).toBe(false);
    const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as {
      devDependencies: Record<string, string>;
    };
    const needed = new Set(productionPackages());
    const devOnly = Object.keys(pkg.devDependencies).filter((name) => !needed.has(name));
    expect(devOnly).toContain('tsx');
    expect(devOnly.filter((name) => existsSync(join(app, 'node_modules', name)))).toEqual([]);
    for (const name of needed) expect(existsSync(join(app, 'node_modules', name)), name).toBe(true);
  });

  it('starts with its CMD: /healthz and /readyz answer on PORT, the database lands in the data folder', async () => {
    const health = await until(async () => {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      return res.status === 200 ? res : undefined;
    }, 40_000);
    expect(((await health.json()) as { ok: boolean }).ok).toBe(true);
    const ready = await until(async () => {
      const res = await fetch(`http://127.0.0.1:${port}/readyz`);
      return res.status === 200 ? ((await res.json()) as { ready: boolean }) : undefined;
    }, 20_000);
    expect(ready.ready, output).toBe(true);
    expect(existsSync(join(hostPath(runtime, '/data'), 'encore-demo.duckdb'))).toBe(true);
  }, 70_000);

  it('HEALTHCHECK passes while the server runs (PORT, or ENCORE_PORT as compose sets it)', () => {
    expect(healthcheck(containerEnv())).toBe(0);
    expect(healthcheck(containerEnv({ ENCORE_PORT: String(port), PORT: '1' }))).toBe(0);
  });

  it('HEALTHCHECK fails once the server is gone', async () => {
    server!.kill('SIGKILL'); // a graceful stop can wait for demo mode's first shows sync
    await until(async () => (server!.exitCode !== null ? true : undefined), 30_000).catch(() => true);
    expect(healthcheck(containerEnv())).toBe(1);
  }, 40_000);
});
