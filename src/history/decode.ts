import { parseCsv } from './csv.ts';
import { isRecord } from './fields.ts';

/**
 * Turns a file's bytes into a list of raw records, whatever the container: a JSON array
 * (Spotify's exports), a JSON object holding listens (ListenBrainz API dumps), JSON Lines
 * (encore and ListenBrainz exports) or CSV (encore). What the records *are* is decided
 * afterwards, by content (detect.ts). Problems that make the whole file unreadable come
 * back as `{ skip: why }`; a single bad line of a JSON Lines file becomes a `BadLine`
 * record, refused on its own.
 */

export class BadLine {
  constructor(readonly why: string) {}
}

export interface DecodedRecords {
  records: unknown[];
  container: 'json' | 'jsonl' | 'csv';
  /** Where record i sits in the file, for reports: array index for JSON, line number for JSON Lines and CSV. */
  position(i: number): number;
}

export type Decoded = DecodedRecords | { skip: string };

const arrayIndex = (i: number) => i;

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function isParquet(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && bytes[0] === 0x50 && bytes[1] === 0x41 && bytes[2] === 0x52 && bytes[3] === 0x31;
}

export function isZip(bytes: Uint8Array): boolean {
  // Local file header, or the end-of-central-directory record an empty zip consists of.
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5);
}

export function decodeRecords(bytes: Uint8Array): Decoded {
  let content: string;
  try {
    content = utf8.decode(bytes);
  } catch {
    return { skip: 'not UTF-8 text (a binary file, or text in another encoding)' };
  }
  const start = firstNonSpace(content);
  if (start < 0) return { skip: 'the file is empty' };
  const first = content[start];
  if (first === '[') return parseJsonArray(content);
  if (first === '{') return parseJsonObjectOrLines(content);
  if (/^[^\n]*\bplayed_at\b/.test(content.slice(start, start + 2000))) {
    const { records } = parseCsv(content.slice(start));
    const lines = records.map((r) => r.line);
    return { records: records.map((r) => r.values), container: 'csv', position: (i) => lines[i] ?? i };
  }
  return { skip: 'not JSON' };
}

function firstNonSpace(s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09 && c !== 0xfeff) return i;
  }
  return -1;
}

function parseJsonArray(content: string): Decoded {
  try {
    const value: unknown = JSON.parse(content);
    return Array.isArray(value) ? { records: value, container: 'json', position: arrayIndex } : { skip: 'not a list' };
  } catch (error) {
    return { skip: `not valid JSON (truncated or damaged): ${(error as Error).message}` };
  }
}

function parseJsonObjectOrLines(content: string): Decoded {
  let whole: unknown;
  try {
    whole = JSON.parse(content);
  } catch {
    return parseJsonLines(content);
  }
  // ListenBrainz API dumps: {"payload": {"listens": [...]}}; otherwise one record.
  if (isRecord(whole) && isRecord(whole.payload) && Array.isArray(whole.payload.listens)) {
    return { records: whole.payload.listens, container: 'json', position: arrayIndex };
  }
  return { records: [whole], container: 'json', position: arrayIndex };
}

/** JSON Lines: only when the first line is a complete object; later bad lines are refused one by one. */
function parseJsonLines(content: string): Decoded {
  const lines = content.split('\n');
  const records: unknown[] = [];
  const lineNumbers: number[] = [];
  for (let n = 0; n < lines.length; n++) {
    const trimmed = lines[n]!.trim();
    if (trimmed === '') continue;
    lineNumbers.push(n + 1);
    try {
      records.push(JSON.parse(trimmed));
    } catch (error) {
      if (records.length === 0) return { skip: `not valid JSON (truncated or damaged): ${(error as Error).message}` };
      records.push(new BadLine(`not valid JSON (truncated line?): ${(error as Error).message}`));
    }
  }
  return { records, container: 'jsonl', position: (i) => lineNumbers[i] ?? i };
}
