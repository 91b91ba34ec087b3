import { open, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { bufferChunks, type Chunks, fileChunks } from './chunks.ts';
import { isZip } from './decode.ts';
import type { FileSkip } from './types.ts';
import { formatBytes, openZip, type ZipLimits, ZipRefusedError } from './zip.ts';
import { InputError } from '../util/errors.ts';

/**
 * What the user handed over — paths (a zip, a folder, single files) or uploaded bytes —
 * turned into one ordered list of files to read. Nothing is read yet beyond zip
 * directories, so the import knows the total size up front (for progress and ETA) and
 * reads one file at a time (for memory). Order is deterministic (sorted names), so an
 * interrupted import that is run again walks the same files in the same order.
 */

export type ImportInput = { path: string } | { name: string; bytes: Uint8Array };

export interface PlannedFile {
  label: string;
  size: number;
  /** Set for files on disk: Parquet is read by DuckDB straight from its path. */
  path?: string;
  /** The file's bytes as a stream of chunks; each call reads the file anew. */
  chunks: Chunks;
}

export interface InputPlan {
  files: PlannedFile[];
  skipped: FileSkip[];
  totalBytes: number;
  close(): void;
}

/** A path that does not exist or cannot be read: nothing is imported. */
export class HistoryInputError extends InputError {
  readonly code = 'history_input';
}

export async function planInputs(inputs: ImportInput[], limits: ZipLimits): Promise<InputPlan> {
  const plan: InputPlan & { closers: Array<() => void> } = {
    files: [],
    skipped: [],
    totalBytes: 0,
    closers: [],
    close: () => {
      for (const close of plan.closers) close();
    },
  };
  try {
    for (const input of inputs) {
      if ('path' in input) await planPath(input.path, limits, plan);
      else await planBytes(input.name, Buffer.from(input.bytes), limits, plan);
    }
  } catch (error) {
    plan.close();
    throw error;
  }
  plan.totalBytes = plan.files.reduce((sum, f) => sum + f.size, 0);
  return plan;
}

type Building = InputPlan & { closers: Array<() => void> };

async function planPath(path: string, limits: ZipLimits, plan: Building): Promise<void> {
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
    throw new HistoryInputError(
      error.code === 'ENOENT'
        ? `${path} does not exist.`
        : `${path} cannot be read (${error.code ?? error.message}).`,
    );
  });
  if (info.isDirectory()) {
    for (const file of await walk(path)) await planFile(file, limits, plan);
  } else await planFile(path, limits, plan);
}

async function planFile(path: string, limits: ZipLimits, plan: Building): Promise<void> {
  const size = (await stat(path)).size;
  if (isZip(await head(path))) return planZip(path, { path }, limits, plan);
  if (size > limits.maxFileBytes) {
    plan.skipped.push({
      file: path,
      why: `${formatBytes(size)} is more than the ${formatBytes(limits.maxFileBytes)} one file may have`,
      problem: true,
    });
    return;
  }
  plan.files.push({ label: path, size, path, chunks: fileChunks(path) });
}

async function planBytes(name: string, bytes: Buffer, limits: ZipLimits, plan: Building): Promise<void> {
  if (isZip(bytes)) return planZip(name, { bytes }, limits, plan);
  plan.files.push({ label: name, size: bytes.length, chunks: bufferChunks(bytes) });
}

async function planZip(
  label: string,
  source: { path: string } | { bytes: Buffer },
  limits: ZipLimits,
  plan: Building,
) {
  try {
    const zip = await openZip(source, limits);
    plan.closers.push(zip.close);
    let readable = 0;
    for (const m of zip.members) {
      const memberLabel = `${label}:${m.name}`;
      if (m.skip) plan.skipped.push({ file: memberLabel, why: m.skip, problem: true });
      else {
        readable++;
        plan.files.push({ label: memberLabel, size: m.size, chunks: () => m.chunks() });
      }
    }
    if (zip.members.length === 0)
      plan.skipped.push({ file: label, why: 'the zip holds no files', problem: true });
    else if (readable === 0)
      plan.skipped.push({ file: label, why: 'the zip holds no readable files', problem: true });
  } catch (error) {
    if (!(error instanceof ZipRefusedError)) throw error;
    plan.skipped.push({ file: label, why: error.message, problem: true });
  }
}

/** Files under a folder, sorted, leaving out dotfiles and macOS metadata. */
async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const entry of entries) {
    if (entry.name.startsWith('.') || entry.name === '__MACOSX') continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(full)));
    else if (entry.isFile()) out.push(full);
  }
  return out;
}

async function head(path: string): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(4);
    const { bytesRead } = await handle.read(buffer, 0, 4, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
