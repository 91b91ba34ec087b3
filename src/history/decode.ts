import { isUtf8 } from 'node:buffer';
import { parseCsv } from './csv.ts';
import { isRecord } from './fields.ts';

/**
 * What kind of container a file is, from its first bytes — a JSON array (Spotify's
 * exports), JSON Lines (encore and ListenBrainz exports), one JSON document (a ListenBrainz
 * API dump `{"payload": {"listens": [...]}}`, or any other JSON), CSV (encore), Parquet
 * (encore) — and the whole-file decoding of the two that cannot be read record by record.
 * What the records *are* is decided afterwards, by content (detect.ts).
 */

/** A record that is not valid JSON (or not UTF-8); refused on its own. */
export class BadLine {
  constructor(readonly why: string) {}
}

export type Container = 'json-array' | 'json-lines' | 'json-document' | 'csv' | 'parquet';

export type Sniffed = { container: Container } | { skip: string; problem: boolean };

/** How many leading bytes `sniff` wants. */
export const HEAD_BYTES = 64 * 1024;

export const NOT_UTF8 = 'not UTF-8 text (a binary file, or text in another encoding)';

/** `head` holds the file's first bytes; `whole` says whether that is the entire file. */
export function sniff(head: Buffer, whole: boolean): Sniffed {
  if (isParquet(head)) return { container: 'parquet' };
  if (isZip(head))
    return { skip: 'a zip inside the zip: unzip the outer one and import the inner zip', problem: true };
  if (!isUtf8(whole ? head : completeSequences(head))) return { skip: NOT_UTF8, problem: true };
  const bom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  const start = firstNonSpace(head, bom);
  if (start < 0) return { skip: 'the file is empty', problem: true };
  if (head[start] === 0x5b) return { container: 'json-array' };
  if (head[start] === 0x7b)
    return { container: firstLineIsJson(head, start) ? 'json-lines' : 'json-document' };
  const firstLine = head.toString('utf8', start, Math.min(head.length, start + 2000)).split('\n')[0] ?? '';
  if (/\bplayed_at\b/.test(firstLine)) return { container: 'csv' };
  return { skip: 'not JSON', problem: true };
}

export function isParquet(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x41 && bytes[2] === 0x52 && bytes[3] === 0x31
  );
}

export function isZip(bytes: Uint8Array): boolean {
  // Local file header, or the end-of-central-directory record an empty zip consists of.
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5);
}

/** Cuts a multi-byte UTF-8 sequence split at the end of a head. */
function completeSequences(head: Buffer): Buffer {
  let end = head.length;
  let back = 0;
  while (end > 0 && back < 3 && (head[end - 1]! & 0xc0) === 0x80) {
    end--;
    back++;
  }
  if (end > 0 && head[end - 1]! >= 0xc0) end--;
  return head.subarray(0, end);
}

function firstNonSpace(b: Uint8Array, from: number): number {
  for (let i = from; i < b.length; i++) {
    const c = b[i];
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return i;
  }
  return -1;
}

/** JSON Lines start with a line that is a whole object; a pretty-printed document does not. */
function firstLineIsJson(head: Buffer, start: number): boolean {
  const end = head.indexOf(0x0a, start);
  if (end < 0) return false;
  try {
    return isRecord(JSON.parse(head.toString('utf8', start, end)));
  } catch {
    return false;
  }
}

export interface WholeRecords {
  records: unknown[];
  /** Where record i sits in the file, for reports: index in the document, CSV line number. */
  position(i: number): number;
}

/** A JSON document or a CSV file, decoded whole. */
export function decodeWhole(
  bytes: Buffer,
  container: 'json-document' | 'csv',
): WholeRecords | { skip: string } {
  if (!isUtf8(bytes)) return { skip: NOT_UTF8 };
  if (container === 'csv') {
    const { records } = parseCsv(bytes.toString('utf8').replace(/^\uFEFF/, ''));
    return { records: records.map((r) => r.values), position: (i) => records[i]?.line ?? i };
  }
  let whole: unknown;
  try {
    whole = JSON.parse(bytes.toString('utf8').replace(/^\uFEFF/, ''));
  } catch (error) {
    return { skip: `not valid JSON (truncated or damaged): ${(error as Error).message}` };
  }
  const listens =
    isRecord(whole) && isRecord(whole.payload) && Array.isArray(whole.payload.listens)
      ? whole.payload.listens
      : null;
  return { records: listens ?? [whole], position: (i) => i };
}

/** One element or line of a streamed file (already checked to be UTF-8) → its value, or a BadLine. */
export function parseRecord(bytes: Buffer, start: number, end: number): unknown {
  try {
    return JSON.parse(bytes.toString('utf8', start, end));
  } catch (error) {
    return new BadLine(`not valid JSON: ${(error as Error).message}`);
  }
}
