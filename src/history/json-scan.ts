/**
 * Finds the elements of a top-level JSON array (or the lines of a JSON Lines file) in raw
 * bytes, without decoding the file into one string. Why: an export file of 80 MB becomes a
 * 160 MB string as soon as one name has a non-ASCII letter, and JSON.parse of the whole file
 * then holds every row at once. Scanning boundaries first lets the importer parse, check and
 * stage one row at a time, so memory stays near the size of the file's bytes.
 *
 * The scan only tracks strings (with escapes) and nesting; each element's own syntax is
 * checked when it is parsed. An array that never closes — a truncated file — is reported.
 */

export interface Boundaries {
  starts: number[];
  ends: number[];
}

export type ScanResult = Boundaries | { error: string };

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;

function isSpace(c: number | undefined): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function skipSpace(b: Uint8Array, i: number): number {
  while (i < b.length && isSpace(b[i])) i++;
  return i;
}

/** `b[i]` is an opening quote; returns the index after the closing one, or -1. */
function skipString(b: Uint8Array, i: number): number {
  for (i++; i < b.length; i++) {
    const c = b[i];
    if (c === BACKSLASH) i++;
    else if (c === QUOTE) return i + 1;
  }
  return -1;
}

/** Returns the index just after the value starting at `i`, or -1 when the bytes end first. */
function skipValue(b: Uint8Array, i: number): number {
  const first = b[i];
  if (first === QUOTE) return skipString(b, i);
  if (first !== OPEN_OBJECT && first !== OPEN_ARRAY) {
    while (i < b.length && b[i] !== COMMA && b[i] !== CLOSE_ARRAY && !isSpace(b[i])) i++;
    return i;
  }
  let depth = 0;
  while (i < b.length) {
    const c = b[i];
    if (c === QUOTE) {
      i = skipString(b, i);
      if (i < 0) return -1;
      continue;
    }
    if (c === OPEN_OBJECT || c === OPEN_ARRAY) depth++;
    else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      depth--;
      if (depth === 0) return i + 1;
    }
    i++;
  }
  return -1;
}

/** `start` is the index of the opening `[`. */
export function scanJsonArray(b: Uint8Array, start: number): ScanResult {
  const out: Boundaries = { starts: [], ends: [] };
  let i = skipSpace(b, start + 1);
  if (b[i] === CLOSE_ARRAY) return trailing(b, i + 1, out);
  for (;;) {
    if (i >= b.length) return { error: 'the list never closes (truncated file?)' };
    const end = skipValue(b, i);
    if (end < 0) return { error: 'the list never closes (truncated file?)' };
    out.starts.push(i);
    out.ends.push(end);
    i = skipSpace(b, end);
    if (b[i] === COMMA) i = skipSpace(b, i + 1);
    else if (b[i] === CLOSE_ARRAY) return trailing(b, i + 1, out);
    else if (i >= b.length) return { error: 'the list never closes (truncated file?)' };
    else return { error: `unexpected character at byte ${i}` };
  }
}

function trailing(b: Uint8Array, i: number, out: Boundaries): ScanResult {
  return skipSpace(b, i) < b.length ? { error: 'unexpected content after the list' } : out;
}

/** Non-blank lines (JSON Lines), without their line breaks. */
export function scanLines(b: Uint8Array, start: number): Boundaries & { lineNumbers: number[] } {
  const out = { starts: [] as number[], ends: [] as number[], lineNumbers: [] as number[] };
  let line = 1;
  let i = start;
  while (i < b.length) {
    let end = b.indexOf(0x0a, i);
    if (end < 0) end = b.length;
    let a = i;
    let z = end;
    while (a < z && isSpace(b[a])) a++;
    while (z > a && isSpace(b[z - 1])) z--;
    if (z > a) {
      out.starts.push(a);
      out.ends.push(z);
      out.lineNumbers.push(line);
    }
    line++;
    i = end + 1;
  }
  return out;
}
