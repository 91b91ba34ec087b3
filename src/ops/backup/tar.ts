/**
 * A small tar.gz writer and reader (POSIX ustar, regular files only) over node:zlib, for
 * encore's backups. Reading is strict because an archive may come from anywhere: only
 * plain files with safe relative names, every header checksum verified, sizes capped.
 */
import { createReadStream, createWriteStream, mkdirSync } from 'node:fs';
import { dirname, join, normalize, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { InputError } from '../../util/errors.ts';

const BLOCK = 512;

export class ArchiveError extends InputError {
  readonly code = 'archive_unreadable';
}

export interface TarInput {
  /** The name inside the archive ("files/encore.key"), `/`-separated. */
  name: string;
  /** The file on disk to store under that name. */
  path: string;
  size: number;
}

/** Writes `entries` as one gzip-compressed tar file at `out`. */
export async function writeTarGz(entries: TarInput[], out: string): Promise<void> {
  mkdirSync(dirname(out), { recursive: true });
  await pipeline(tarStream(entries), createGzip(), createWriteStream(out, { mode: 0o600 }));
}

async function* tarStream(entries: TarInput[]): AsyncGenerator<Buffer> {
  for (const entry of entries) {
    yield header(entry.name, entry.size);
    let written = 0;
    for await (const chunk of createReadStream(entry.path)) {
      written += (chunk as Buffer).length;
      yield chunk as Buffer;
    }
    if (written !== entry.size) throw new ArchiveError(`${entry.path} changed while it was archived.`);
    const pad = (BLOCK - (entry.size % BLOCK)) % BLOCK;
    if (pad) yield Buffer.alloc(pad);
  }
  yield Buffer.alloc(BLOCK * 2); // end of archive
}

function header(name: string, size: number): Buffer {
  const block = Buffer.alloc(BLOCK);
  const { prefix, base } = splitName(name);
  block.write(base, 0, 100, 'utf8');
  octal(block, 100, 8, 0o600);
  octal(block, 108, 8, 0);
  octal(block, 116, 8, 0);
  octal(block, 124, 12, size);
  octal(block, 136, 12, 0); // a fixed mtime: the same inputs give the same bytes
  block.fill(' ', 148, 156); // the checksum counts its own field as spaces
  block.write('0', 156, 1, 'ascii');
  block.write('ustar\u000000', 257, 8, 'binary');
  block.write(prefix, 345, 155, 'utf8');
  octal(block, 148, 7, checksum(block));
  return block;
}

/** ustar keeps names over 100 bytes as prefix + name, split at a `/`. */
function splitName(name: string): { prefix: string; base: string } {
  if (Buffer.byteLength(name) <= 100) return { prefix: '', base: name };
  for (let i = name.lastIndexOf('/'); i > 0; i = name.lastIndexOf('/', i - 1)) {
    const prefix = name.slice(0, i);
    const base = name.slice(i + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(base) <= 100) return { prefix, base };
  }
  throw new ArchiveError(`The name "${name}" is too long to archive.`);
}

function octal(block: Buffer, offset: number, length: number, value: number): void {
  block.write(`${value.toString(8).padStart(length - 1, '0')}\u0000`, offset, length, 'ascii');
}

function checksum(block: Buffer): number {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : block[i]!;
  return sum;
}

export interface ReadLimits {
  /** Most bytes all files together may hold. */
  maxTotalBytes: number;
  /** Most files. */
  maxFiles: number;
}

/**
 * Unpacks `archive` into `dest` (which must be new and empty); returns the names read.
 * Throws ArchiveError for anything that is not a well-formed archive of plain files.
 */
export async function readTarGz(archive: string, dest: string, limits: ReadLimits): Promise<string[]> {
  const reader = new BlockReader();
  const names: string[] = [];
  const parsing = readEntries(reader, dest, limits, names).finally(() => reader.close());
  const feeding = pipeline(
    createReadStream(archive),
    createGunzip(),
    async (source: AsyncIterable<Buffer>) => {
      for await (const chunk of source) await reader.push(chunk);
      reader.end();
    },
  );
  // A gzip error ends the input, so a waiting read returns instead of hanging.
  const [fed, parsed] = await Promise.allSettled([
    feeding.catch((e: Error) => (reader.end(), Promise.reject(e))),
    parsing,
  ]);
  if (fed.status === 'rejected')
    throw new ArchiveError(`The archive cannot be read: ${(fed.reason as Error).message}`);
  if (parsed.status === 'rejected') {
    const error = parsed.reason as Error;
    if (error instanceof ArchiveError) throw error;
    throw new ArchiveError(`The archive cannot be read: ${error.message}`);
  }
  return names;
}

async function readEntries(reader: BlockReader, dest: string, limits: ReadLimits, names: string[]) {
  let total = 0;
  for (;;) {
    const head = await reader.read(BLOCK);
    if (!head) throw new ArchiveError('The archive ends before its end marker (truncated?).');
    if (head.every((b) => b === 0)) return;
    const entry = parseHeader(head);
    total += entry.size;
    if (names.length >= limits.maxFiles || total > limits.maxTotalBytes)
      throw new ArchiveError('The archive holds more than a backup can (too many files or bytes).');
    names.push(entry.name);
    await extract(reader, entry, join(dest, ...entry.name.split('/')));
  }
}

function parseHeader(block: Buffer): { name: string; size: number } {
  const stored = Number.parseInt(block.toString('ascii', 148, 156).replace(/\0.*$/, '').trim(), 8);
  if (stored !== checksum(block))
    throw new ArchiveError('The archive is damaged (a header checksum is wrong).');
  const type = block.toString('ascii', 156, 157);
  const text = (from: number, length: number) =>
    block.toString('utf8', from, from + length).replace(/\0.*$/s, '');
  const prefix = text(345, 155);
  const name = prefix ? `${prefix}/${text(0, 100)}` : text(0, 100);
  if (type !== '0' && type !== '\0')
    throw new ArchiveError(`The archive holds "${name}", which is not a file.`);
  if (!isSafeName(name)) throw new ArchiveError(`The archive holds an unsafe name "${name}".`);
  const size = Number.parseInt(text(124, 12).trim(), 8);
  if (!Number.isSafeInteger(size) || size < 0) throw new ArchiveError(`"${name}" has no valid size.`);
  return { name, size };
}

/** Relative, `/`-separated, no `..`, nothing absolute: a name that stays inside the target. */
function isSafeName(name: string): boolean {
  if (!name || name.startsWith('/') || name.includes('\\') || name.includes('\0')) return false;
  const parts = name.split('/');
  return parts.every((p) => p !== '' && p !== '.' && p !== '..') && !normalize(name).startsWith(`..${sep}`);
}

async function extract(reader: BlockReader, entry: { size: number }, path: string): Promise<void> {
  mkdirSync(dirname(path), { recursive: true });
  const out = createWriteStream(path, { flags: 'wx', mode: 0o600 });
  try {
    let left = entry.size;
    while (left > 0) {
      const chunk = await reader.read(Math.min(left, 1 << 20), true);
      if (!chunk) throw new ArchiveError('The archive ends in the middle of a file (truncated?).');
      left -= chunk.length;
      if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
    }
  } finally {
    await new Promise<void>((resolve, reject) => {
      out.once('error', reject);
      out.end(() => resolve());
    });
  }
  const pad = (BLOCK - (entry.size % BLOCK)) % BLOCK;
  if (pad && !(await reader.read(pad))) throw new ArchiveError('The archive ends in the middle of a file.');
}

/**
 * Bytes from a push source, handed out by length. The source waits while a few MB are
 * buffered (backpressure); a failure on either side ends both.
 */
class BlockReader {
  private chunks: Buffer[] = [];
  private length = 0;
  private ended = false;
  private closed = false;
  private wakeReader: (() => void) | undefined;
  private wakeWriter: (() => void) | undefined;

  async push(chunk: Buffer): Promise<void> {
    if (this.closed) return; // the reader is done (end marker seen, or it failed)
    this.chunks.push(chunk);
    this.length += chunk.length;
    this.wake();
    while (this.length > 4 << 20 && !this.closed) await new Promise<void>((r) => (this.wakeWriter = r));
  }

  end(): void {
    this.ended = true;
    this.wake();
  }

  /** The reader stops: later pushes are dropped. */
  close(): void {
    this.closed = true;
    this.chunks = [];
    this.length = 0;
    this.wake();
  }

  /** `n` bytes (with `partial`: 1 to `n`), or undefined when the input ends first. */
  async read(n: number, partial = false): Promise<Buffer | undefined> {
    const need = partial ? 1 : n;
    while (this.length < need && !this.ended) await new Promise<void>((r) => (this.wakeReader = r));
    if (this.length < need) return undefined;
    const take = Math.min(n, this.length);
    const parts: Buffer[] = [];
    for (let got = 0; got < take;) {
      const head = this.chunks[0]!;
      const use = Math.min(head.length, take - got);
      parts.push(head.subarray(0, use));
      if (use === head.length) this.chunks.shift();
      else this.chunks[0] = head.subarray(use);
      got += use;
    }
    this.length -= take;
    this.wake();
    return parts.length === 1 ? parts[0] : Buffer.concat(parts);
  }

  private wake(): void {
    for (const wake of [this.wakeReader, this.wakeWriter]) wake?.();
    this.wakeReader = undefined;
    this.wakeWriter = undefined;
  }
}
