/**
 * History import benchmark: a synthetic extended export of 1,000,000 rows in 10 files
 * (real field set, Zipf-like repetition), imported into a fresh DuckDB file.
 *
 * Measures: the fresh import (seconds, rows/s), a repeated import (finished files are
 * recognised and skipped) and a forced repeated import (every row read and reconciled
 * again) — both must add 0 plays —, peak memory of the process (RSS sampled every 20 ms,
 * and the kernel's maxRSS), CPU time of the whole process (all threads, DuckDB's included:
 * less sensitive than wall time to other work on the machine), and Spotify calls made during the import: `fetch` is replaced
 * by one that counts and throws, so any call would both show and fail. Baseline: the
 * anchors' importers look up every distinct track URI before storing — that many calls.
 *
 * Run: npm run bench:import   (ENCORE_BENCH_ROWS / ENCORE_BENCH_FILES to change the size)
 * The last line has a fixed shape, for scripts.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importHistory } from '../src/jobs/history-import.ts';
import type { ImportReport } from '../src/history/types.ts';
import { openStore } from '../src/store/open.ts';
import { upsertUser } from '../src/store/users.ts';
import type { SyntheticExport } from './lib/import-synthetic.ts';

const ROWS = Number(process.env.ENCORE_BENCH_ROWS ?? 1_000_000);
const FILES = Number(process.env.ENCORE_BENCH_FILES ?? 10);
const USER = 'bench-user';
const TARGET_SECONDS = 15;
const TARGET_MB = 600;

/** Any network call during the import is counted, and fails loudly. */
function countingFetch(): { calls: () => number; restore: () => void } {
  const original = globalThis.fetch;
  let calls = 0;
  globalThis.fetch = (async (input: string | URL | Request) => {
    calls++;
    throw new Error(`the import must not call the network (called ${String(input)})`);
  }) as typeof fetch;
  return { calls: () => calls, restore: () => (globalThis.fetch = original) };
}

/** Peak RSS per phase (sampled every 20 ms), and overall including the kernel's maxRSS. */
function rssSampler(): {
  phase: (name: string) => void;
  peaks: Record<string, number>;
  peakMb: () => number;
  stop: () => void;
} {
  const peaks: Record<string, number> = {};
  let phase = 'start';
  const sample = () => {
    // rss() alone: the full memoryUsage() walks the V8 heap spaces, which every 20 ms cost the
    // import thread ~1.5 s of CPU over a 1M-row import — the bench slowed what it measured.
    peaks[phase] = Math.max(peaks[phase] ?? 0, Math.round(process.memoryUsage.rss() / 1024 ** 2));
  };
  const timer = setInterval(sample, 20);
  return {
    phase: (name) => {
      sample();
      phase = name;
    },
    peaks,
    peakMb: () => Math.max(...Object.values(peaks), process.resourceUsage().maxRSS / 1024),
    stop: () => {
      sample();
      clearInterval(timer);
    },
  };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'encore-import-bench-'));
  try {
    console.log(
      `Writing a synthetic extended export: ${ROWS.toLocaleString('en-US')} rows in ${FILES} files…`,
    );
    const data = generate(join(dir, 'export'));
    console.log(`  ${data.distinctTrackUris.toLocaleString('en-US')} distinct track URIs`);

    const db = await openStore(join(dir, 'encore.duckdb'));
    await upsertUser(db, { userId: USER });
    const network = countingFetch();
    const memory = rssSampler();
    const inputs = [{ path: join(dir, 'export') }];

    memory.phase('fresh');
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const fresh = await importHistory({ db, userId: USER, inputs });
    const seconds = (performance.now() - started) / 1000;
    const cpuSeconds = cpuSecondsSince(cpuBefore);

    memory.phase('repeat');
    const again = await timed(() => importHistory({ db, userId: USER, inputs }));
    memory.phase('forced');
    const forced = await timed(() => importHistory({ db, userId: USER, inputs, force: true }));
    memory.stop();
    network.restore();
    await db.close();

    const importCalls = network.calls() + calls(fresh) + calls(again.report) + calls(forced.report);
    const peakMb = memory.peakMb();
    const rowsPerS = Math.round(fresh.rowsRead / seconds);
    console.log(
      `Fresh import:   ${seconds.toFixed(1)} s (CPU ${cpuSeconds.toFixed(1)} s), ${rowsPerS.toLocaleString('en-US')} rows/s — ` +
        `${fresh.playsAdded.toLocaleString('en-US')} plays added, ${fresh.duplicatesMerged} merged, ` +
        `${fresh.rowsRejected} rejected (kinds: ${JSON.stringify(fresh.kinds)})`,
    );
    console.log(
      `Repeat import:  ${again.seconds.toFixed(2)} s (CPU ${again.cpuSeconds.toFixed(2)} s), ${again.report.playsAdded} new (${again.report.filesAlreadyImported.length} files recognised as done)`,
    );
    console.log(
      `Forced re-read: ${forced.seconds.toFixed(1)} s (CPU ${forced.cpuSeconds.toFixed(1)} s), ${forced.report.playsAdded} new (${forced.report.alreadyImported.toLocaleString('en-US')} rows already stored)`,
    );
    console.log(
      `Peak memory:    ${Math.round(peakMb)} MB (RSS by phase: ${JSON.stringify(memory.peaks)}; targets: ≤ 15 s, ≤ 600 MB)`,
    );
    console.log(
      `Versus target:  time ${(seconds / TARGET_SECONDS).toFixed(2)} × 15 s, memory ${(peakMb / TARGET_MB).toFixed(2)} × 600 MB ` +
        `(load average at the end: ${loadavg()
          .map((l) => l.toFixed(2))
          .join(' ')} on ${availableParallelism()} cores)`,
    );
    console.log(
      `Spotify calls:  ${importCalls} during the import; a lookup per distinct track URI first would make ${data.distinctTrackUris.toLocaleString('en-US')}`,
    );
    console.log(
      `import rows=${fresh.rowsRead} seconds=${seconds.toFixed(1)} rows_per_s=${rowsPerS} peak_mb=${Math.round(peakMb)} ` +
        `reimport_new=${again.report.playsAdded + forced.report.playsAdded} import_calls=${importCalls} baseline_calls=${data.distinctTrackUris} ` +
        `cpu_s=${cpuSeconds.toFixed(1)} time_ratio=${(seconds / TARGET_SECONDS).toFixed(2)} memory_ratio=${(peakMb / TARGET_MB).toFixed(2)}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The export is written by a child process (see lib/import-generate.ts). */
function generate(dir: string): SyntheticExport {
  const script = join(dirname(fileURLToPath(import.meta.url)), 'lib', 'import-generate.ts');
  const out = execFileSync(
    process.execPath,
    ['--import', 'tsx', script, dir, String(ROWS), String(FILES), '2026'],
    {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  return JSON.parse(out) as SyntheticExport;
}

async function timed(
  work: () => Promise<ImportReport>,
): Promise<{ report: ImportReport; seconds: number; cpuSeconds: number }> {
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const report = await work();
  return { report, seconds: (performance.now() - started) / 1000, cpuSeconds: cpuSecondsSince(cpuBefore) };
}

/** User + system CPU of the whole process (every thread) since `before`. */
function cpuSecondsSince(before: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1e6;
}

function calls(report: ImportReport): number {
  return Object.values(report.apiCalls).reduce((a, b) => a + b, 0);
}

await main();
