import yauzl from 'yauzl';
import type { ZipLimits } from './zip-limits.ts';
import { InputError } from '../util/errors.ts';

/**
 * Reads a zip safely, as streams: nothing is ever extracted to disk, so the names inside
 * (absolute paths, `..`, odd characters) are only labels. Guards against zip bombs before
 * reading a byte of content — the entry count and the total declared uncompressed size
 * are capped — and while reading: an entry that inflates beyond its declared size is cut
 * off there (yauzl's size validation, and a byte count here), so the declared total, which
 * was capped, also caps what is actually inflated.
 */

export { DEFAULT_ZIP_LIMITS, type ZipLimits } from './zip-limits.ts';

/** The whole zip is refused; the message says why. */
export class ZipRefusedError extends InputError {
  readonly code = 'zip_refused';
}

export interface ZipMember {
  /** The entry's name as stored (decoded, control characters replaced). */
  name: string;
  size: number;
  /** Set when the member is not read at all. */
  skip?: string;
  /** The member's bytes as a stream of chunks; each call inflates the entry anew. */
  chunks(): AsyncIterable<Buffer>;
}

export interface OpenedZip {
  members: ZipMember[];
  close(): void;
}

const OPTIONS: yauzl.Options = {
  lazyEntries: true,
  autoClose: false,
  decodeStrings: false,
  validateEntrySizes: true,
};

export async function openZip(
  source: { path: string } | { bytes: Buffer },
  limits: ZipLimits,
): Promise<OpenedZip> {
  let zip: yauzl.ZipFile;
  try {
    zip =
      'path' in source
        ? await yauzl.openPromise(source.path, OPTIONS)
        : await yauzl.fromBufferPromise(source.bytes, OPTIONS);
  } catch (error) {
    throw new ZipRefusedError(`not a readable zip: ${(error as Error).message}`);
  }
  try {
    if (zip.entryCount > limits.maxEntries) {
      throw new ZipRefusedError(
        `holds ${zip.entryCount} entries, more than the ${limits.maxEntries} allowed (zip bomb guard)`,
      );
    }
    const entries: yauzl.Entry[] = [];
    for await (const entry of zip.eachEntry()) entries.push(entry);
    const declared = entries.reduce((sum, e) => sum + e.uncompressedSize, 0);
    if (declared > limits.maxTotalBytes) {
      throw new ZipRefusedError(
        `would inflate to ${formatBytes(declared)}, more than the ${formatBytes(limits.maxTotalBytes)} allowed (zip bomb guard)`,
      );
    }
    const members = entries
      .map((entry) => member(zip, entry, limits))
      .filter((m): m is ZipMember => m !== null)
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return { members, close: () => zip.close() };
  } catch (error) {
    zip.close();
    if (error instanceof ZipRefusedError) throw error;
    throw new ZipRefusedError(`damaged zip: ${(error as Error).message}`);
  }
}

/** A member to read, or null for what is not a file of the export (folders, macOS metadata, dotfiles). */
function member(zip: yauzl.ZipFile, entry: yauzl.Entry, limits: ZipLimits): ZipMember | null {
  const name = entryName(entry);
  const base = name.split('/').pop() ?? name;
  if (
    name.endsWith('/') ||
    name.startsWith('__MACOSX/') ||
    name.includes('/__MACOSX/') ||
    base.startsWith('.')
  ) {
    return null;
  }
  const size = entry.uncompressedSize;
  let skip: string | undefined;
  if (entry.isEncrypted()) skip = 'encrypted zip entry';
  else if (!entry.canDecodeFileData()) skip = `unsupported compression method ${entry.compressionMethod}`;
  else if (size > limits.maxFileBytes) {
    skip = `${formatBytes(size)} is more than the ${formatBytes(limits.maxFileBytes)} one file may have`;
  }
  return { name, size, skip, chunks: () => entryChunks(zip, entry) };
}

async function* entryChunks(zip: yauzl.ZipFile, entry: yauzl.Entry): AsyncGenerator<Buffer> {
  const stream = await zip.openReadStreamPromise(entry);
  let inflated = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      inflated += chunk.length;
      if (inflated > entry.uncompressedSize) {
        throw new ZipRefusedError('inflates beyond its declared size (zip bomb guard)');
      }
      yield chunk;
    }
  } finally {
    stream.destroy();
  }
}

function entryName(entry: yauzl.Entry): string {
  const raw = entry.fileNameRaw ?? (entry.fileName as unknown as Buffer);
  const name = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, raw, entry.extraFields, false);
  // Names are printed to terminals and logs: no control characters.
  // eslint-disable-next-line no-control-regex -- replacing them is the point
  return name.replace(/[\u0000-\u001f\u007f]/g, '?');
}

export function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(1)} GiB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} B`;
}
