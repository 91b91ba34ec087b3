import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

/**
 * `encore --help` stays fast because every command imports its heavy code inside its action.
 * A loader hook (test/helpers/module-log.mjs) records each module a real `encore` process
 * loads; help must load none of these packages. Timing lives in bench/cli-startup.bench.ts.
 */

const ROOT = join(import.meta.dirname, '../..');
const HOOK = join(ROOT, 'test/helpers/module-log.mjs');
const HEAVY = [
  '@duckdb/',
  'zod',
  'hono',
  '@hono/',
  '@google-cloud/',
  'google-auth-library',
  '@observablehq/',
  'fuzzball',
  'yauzl',
  'croner',
  '@fivetrandevelopers/',
];
const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'encore-startup-'));

/** Runs encore with the hook; returns its output and the heavy packages it loaded. */
async function encore(args: string[]): Promise<{ out: string; heavy: string[] }> {
  const log = join(dir, `modules-${Math.random().toString(36).slice(2)}.log`);
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    ENCORE_DATA_DIR: dir,
    ENCORE_MODULE_LOG: log,
  };
  const result = await run(process.execPath, ['--import', HOOK, join(ROOT, 'bin/encore.js'), ...args], {
    cwd: dir,
    env,
    timeout: 60_000,
  }).catch((error: { stdout: string; stderr: string }) => error);
  const urls = readFileSync(log, 'utf8').split('\n');
  rmSync(log);
  const packages = urls.map((url) => /node_modules\/((@[^/]+\/)?[^/]+)/.exec(url)?.[1]).filter(Boolean);
  const heavy = [...new Set(packages as string[])].filter((name) =>
    HEAVY.some((h) => (h.endsWith('/') ? name.startsWith(h) : name === h)),
  );
  return { out: result.stdout + result.stderr, heavy };
}

function commandNames(help: string): string[] {
  const section = help.split(/^Commands:$/m)[1] ?? '';
  return section
    .split('\n')
    .map((line) => /^ {2}([a-z][a-z-]*)/.exec(line)?.[1])
    .filter((name): name is string => Boolean(name) && name !== 'help');
}

describe('encore --help loads no heavy module', () => {
  it('the top-level help lists every command without DuckDB, zod, hono or the Google clients', async () => {
    const { out, heavy } = await encore(['--help']);
    expect(commandNames(out)).toEqual(
      expect.arrayContaining(['serve', 'import', 'stats', 'doctor', 'shows', 'playlist', 'places']),
    );
    expect(heavy).toEqual([]);
  });

  it('every command’s own --help loads none of them either', async () => {
    const names = commandNames((await encore(['--help'])).out);
    const offenders: string[] = [];
    for (const name of [...names, 'export plays', 'shows sync', 'places add', 'playlist create']) {
      const { out, heavy } = await encore([...name.split(' '), '--help']);
      expect(out, name).toContain(`Usage: encore ${name}`);
      if (heavy.length) offenders.push(`${name}: ${heavy.join(', ')}`);
    }
    expect(offenders).toEqual([]);
  }, 240_000); // ~20 real processes on a busy 2-core machine

  it('a command that runs does load DuckDB (the hook sees it)', async () => {
    const { out, heavy } = await encore(['plays']);
    expect(out).toContain('No account is connected yet');
    expect(heavy).toContain('@duckdb/node-api');
    expect(heavy).toContain('zod');
  }, 60_000);
});
