import { createReadStream } from 'node:fs';

/**
 * Files are read as streams of chunks — twice at most (a hash pass, then a parse pass) —
 * so that no file ever sits in memory whole. On disk the second pass comes from the page
 * cache; a zip entry is inflated again, which costs less than holding it.
 */

export type Chunks = () => AsyncIterable<Buffer>;

const CHUNK = 4 * 1024 * 1024;

export function fileChunks(path: string): Chunks {
  return () => createReadStream(path, { highWaterMark: CHUNK }) as AsyncIterable<Buffer>;
}

export function bufferChunks(bytes: Buffer): Chunks {
  return async function* () {
    for (let i = 0; i < bytes.length; i += CHUNK) yield bytes.subarray(i, i + CHUNK);
  };
}

/** The whole content, for the few containers that cannot be read record by record. */
export async function readAll(chunks: Chunks): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of chunks()) parts.push(chunk);
  return Buffer.concat(parts);
}
