/**
 * CLI startup benchmark: wall time of `encore --help` as a user meets it, median of RUNS.
 *
 * - compiled: `node bin/encore.js --help` in a production-shaped folder (bin/, the output
 *   of `npm run build`, node_modules, no src/), so bin/encore.js takes its dist/ branch;
 * - tsx: `node bin/encore.js --help` in this checkout (sources run through tsx).
 *
 * Each run is a fresh process; the first (warm-up) run is not counted. The figures depend
 * on the machine's load, so the load average is printed with them.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const TARGET_MS = 500;

function timeOnce(bin: string, cwd: string): number {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [bin, '--help'], { cwd, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0 || !result.stdout.includes('Usage: encore'))
    throw new Error(`encore --help failed (${result.status}): ${result.stderr}`);
  return ms;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function measure(bin: string, cwd: string): { median: number; runs: number[] } {
  timeOnce(bin, cwd); // warm-up: file cache, tsx's transform cache
  const runs = Array.from({ length: RUNS }, () => timeOnce(bin, cwd));
  return { median: median(runs), runs };
}

/** bin/ + dist/ + node_modules, as a production install has them (and no sources). */
function productionFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'encore-cli-bench-'));
  const build = spawnSync(process.execPath, [join(ROOT, 'scripts/build.mjs'), '--out', join(dir, 'dist')], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (build.status !== 0) throw new Error(`build failed:\n${build.stdout}\n${build.stderr}`);
  mkdirSync(join(dir, 'bin'));
  cpSync(join(ROOT, 'bin/encore.js'), join(dir, 'bin/encore.js'));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

const folder = productionFolder();
try {
  const compiled = measure(join(folder, 'bin/encore.js'), folder);
  const tsx = measure(join(ROOT, 'bin/encore.js'), ROOT);
  const list = (runs: number[]) => runs.map((ms) => ms.toFixed(0)).join(' ');
  console.log(
    `load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}; ${RUNS} runs each`,
  );
  console.log(`compiled runs_ms=${list(compiled.runs)}`);
  console.log(`tsx runs_ms=${list(tsx.runs)}`);
  console.log(`cli_help_tsx_ms=${tsx.median.toFixed(0)} target_ms=${TARGET_MS}`);
  console.log(`cli_help_ms=${compiled.median.toFixed(0)} target_ms=${TARGET_MS}`);
} finally {
  rmSync(folder, { recursive: true, force: true });
}
