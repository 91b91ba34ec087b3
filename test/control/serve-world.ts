import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { controlPaths } from '../../src/control/protocol.ts';
import { freePort } from '../web/web-harness.ts';

/**
 * A real `encore serve` (demo mode: the simulators, a temp data folder, a free port) and
 * real `encore` CLI processes against the same data folder, as a user runs them.
 */

const ROOT = join(import.meta.dirname, '../..');
export const BIN = join(ROOT, 'bin/encore.js');

export interface CliResult {
  code: number | null;
  out: string;
  err: string;
  /** Date.now() when stdout/stderr first had something, and when the process ended. */
  firstOutputAt?: number;
  endedAt: number;
}

export interface ServeWorld {
  root: string;
  dataDir: string;
  paths: ReturnType<typeof controlPaths>;
  /** What the serve process printed so far (its log). */
  log(): string;
  startServe(): Promise<void>;
  /** SIGTERM (clean stop) or SIGKILL (a crash that leaves the socket behind). */
  stopServe(signal: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  /** Runs `encore …`; `onOutput` is called at its first output, while it may still run. */
  encore(args: string[], options?: { cwd?: string; onOutput?: () => void }): Promise<CliResult>;
}

/** `env`: more settings, for serve and the CLI alike. */
export function serveWorld(options: { env?: Record<string, string> } = {}): ServeWorld {
  const root = mkdtempSync(join(tmpdir(), 'encore-control-'));
  const dataDir = join(root, 'data');
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    ENCORE_TIMEZONE: 'UTC',
    ENCORE_DATA_DIR: dataDir,
    ...options.env,
  };
  const paths = controlPaths({ dataDir, dbPath: join(dataDir, 'encore-demo.duckdb') });
  let serve: ChildProcess | undefined;
  let log = '';

  const run = (args: string[], options: { cwd?: string; onOutput?: () => void } = {}) =>
    new Promise<CliResult>((resolve) => {
      const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd ?? root, env });
      const result: CliResult = { code: null, out: '', err: '', endedAt: 0 };
      const seen = () => {
        if (result.firstOutputAt !== undefined) return;
        result.firstOutputAt = Date.now();
        options.onOutput?.();
      };
      child.stdout.on('data', (chunk: Buffer) => {
        seen();
        result.out += chunk.toString('utf8');
      });
      child.stderr.on('data', (chunk: Buffer) => {
        seen();
        result.err += chunk.toString('utf8');
      });
      child.on('close', (code) => {
        result.code = code;
        result.endedAt = Date.now();
        resolve(result);
      });
    });

  return {
    root,
    dataDir,
    paths,
    log: () => log,
    async startServe() {
      const port = await freePort();
      log = '';
      serve = spawn(process.execPath, [BIN, 'serve'], {
        cwd: root,
        env: { ...env, ENCORE_PORT: String(port) },
      });
      serve.stdout!.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
      serve.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
      // The socket is made once the web server listens: wait for both.
      await waitUntil(async () => {
        if (serve!.exitCode !== null) throw new Error(`encore serve ended early:\n${log}`);
        const health = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined);
        return Boolean(health?.ok) && existsSync(paths.socket) && log.includes('encore is running at');
      }, 120_000);
    },
    async stopServe(signal) {
      const child = serve;
      if (!child || child.exitCode !== null) return;
      const ended = new Promise((resolve) => child.once('close', resolve));
      child.kill(signal);
      await ended;
      serve = undefined;
    },
    encore: run,
  };
}

export async function waitUntil(check: () => Promise<boolean> | boolean, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`not so within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** An encore export (JSON lines) of `rows` plays for `userId`, three minutes apart in 2019. */
export function exportFile(path: string, userId: string, rows: number): void {
  const start = Date.UTC(2019, 0, 1);
  const lines: string[] = [];
  for (let i = 0; i < rows; i++) {
    const id = `t${String(i % 5000).padStart(21, '0')}`;
    lines.push(
      JSON.stringify({
        user_id: userId,
        played_at: new Date(start + i * 180_000).toISOString(),
        track_key: id,
        track_id: id,
        kind: 'track',
        track_name: `Song ${i % 5000}`,
        artist_name: `Artist ${i % 300}`,
        album_name: `Album ${i % 900}`,
        ms_played: 170_000,
        ms_played_source: 'export',
        context_uri: null,
        source: 'export_extended',
        skipped: false,
        shuffle: false,
        platform: 'test',
      }),
    );
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
}
