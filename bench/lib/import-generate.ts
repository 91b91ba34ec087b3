/**
 * Writes the synthetic export in its own process, so that the benchmark's peak memory
 * (the kernel's maxRSS covers the whole process) measures the import alone.
 * Usage: tsx bench/lib/import-generate.ts <dir> <rows> <files> <seed>; prints the result as JSON.
 */
import { writeSyntheticExport } from './import-synthetic.ts';

const [dir, rows, files, seed] = process.argv.slice(2);
const result = await writeSyntheticExport({
  dir: dir!,
  rows: Number(rows),
  files: Number(files),
  seed: Number(seed),
});
process.stdout.write(`${JSON.stringify(result)}\n`);
