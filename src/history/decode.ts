import { isUtf8 } from 'node:buffer';
import { parseCsv } from './csv.ts';
import { isRecord } from './fields.ts';
import { type Boundaries, scanJsonArray, scanLines } from './json-scan.ts';

/**
 * Turns a file's bytes into records, whatever the container: a JSON array (Spotify's
 * exports), JSON Lines (encore and ListenBrainz exports), a JSON object holding listens
 * (ListenBrainz API dumps) or CSV (encore). What the records *are* is decided afterwards,
 * by content (detect.ts). Arrays and lines are parsed one record at a time on demand (see
 * json-scan.ts for why); a record that is not valid JSON becomes a `BadLine`, refused on
 * its own. Problems that make the whole file unreadable come back as `{ skip: why }`.
 */

export class BadLine {
  constructor(readonly why: string) {}
}

export interface RecordSource {
  container: 'json' | 'jsonl' | 'csv';
  count: number;
  /** Record i, parsed (a BadLine when it is not valid JSON). */
  get(i: number): unknown;
  /** Where record i sits in the file, for reports: array index for JSON, line number for JSON Lines and CSV. */
  position(i: number): number;
}

export type Decoded = RecordSource | { skip: string };

export function isParquet(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 8 && bytes[0] === 0x50 && bytes[1] === 0x41 && bytes[2] === 0x52 && bytes[3] === 0x31
  );
}

export function isZip(bytes: Uint8Array): boolean {
  // Local file header, or the end-of-central-directory record an empty zip consists of.
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5);
}

export function decodeRecords(bytes: Buffer): Decoded {
  if (!isUtf8(bytes)) return { skip: 'not UTF-8 text (a binary file, or text in another encoding)' };
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const start = firstNonSpace(bytes, bom);
  if (start < 0) return { skip: 'the file is empty' };
  const first = bytes[start];
  if (first === 0x5b) return fromArray(bytes, start);
  if (first === 0x7b) return fromObjectOrLines(bytes, bom);
  const head = bytes.toString('utf8', start, Math.min(bytes.length, start + 2000));
  if (/^[^\n]*\bplayed_at\b/.test(head)) return fromCsv(bytes.toString('utf8', start));
  return { skip: 'not JSON' };
}

function firstNonSpace(b: Uint8Array, from: number): number {
  for (let i = from; i < b.length; i++) {
    const c = b[i];
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return i;
  }
  return -1;
}

function fromArray(bytes: Buffer, start: number): Decoded {
  const scan = scanJsonArray(bytes, start);
  if ('error' in scan) return { skip: `not valid JSON (truncated or damaged): ${scan.error}` };
  return sliced('json', bytes, scan, (i) => i);
}

function fromObjectOrLines(bytes: Buffer, from: number): Decoded {
  const lines = scanLines(bytes, from);
  if (lines.starts.length > 1) {
    const first = parseSlice(bytes, lines, 0);
    // A pretty-printed single object also starts with "{" but its first line is not JSON.
    if (!(first instanceof BadLine)) return sliced('jsonl', bytes, lines, (i) => lines.lineNumbers[i] ?? i);
  }
  let whole: unknown;
  try {
    whole = JSON.parse(bytes.toString('utf8', from));
  } catch (error) {
    return { skip: `not valid JSON (truncated or damaged): ${(error as Error).message}` };
  }
  // ListenBrainz API dumps: {"payload": {"listens": [...]}}; otherwise one record.
  const records =
    isRecord(whole) && isRecord(whole.payload) && Array.isArray(whole.payload.listens)
      ? whole.payload.listens
      : [whole];
  return { container: 'json', count: records.length, get: (i) => records[i], position: (i) => i };
}

function fromCsv(content: string): Decoded {
  const { records } = parseCsv(content);
  return {
    container: 'csv',
    count: records.length,
    get: (i) => records[i]?.values,
    position: (i) => records[i]?.line ?? i,
  };
}

function sliced(
  container: 'json' | 'jsonl',
  bytes: Buffer,
  bounds: Boundaries,
  position: (i: number) => number,
): RecordSource {
  return { container, count: bounds.starts.length, get: (i) => parseSlice(bytes, bounds, i), position };
}

function parseSlice(bytes: Buffer, bounds: Boundaries, i: number): unknown {
  try {
    return JSON.parse(bytes.toString('utf8', bounds.starts[i], bounds.ends[i]));
  } catch (error) {
    return new BadLine(`not valid JSON: ${(error as Error).message}`);
  }
}
