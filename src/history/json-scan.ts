/**
 * Finds the elements of a top-level JSON array (or the lines of a JSON Lines file) in a
 * stream of byte chunks, without ever decoding the file into one string. Why: an export
 * file of 80 MB becomes a 160 MB string as soon as one name has a non-ASCII letter, and
 * JSON.parse of a whole file holds every row at once. Scanning element boundaries lets the
 * importer parse and check one row at a time, with memory near one chunk.
 *
 * The scan tracks only strings (with escapes) and nesting; each element's own syntax is
 * checked when it is parsed. An array that never closes — a truncated file — is an error.
 * Elements are handed over as (buffer, start, end) rather than as views: one object less
 * per row. The buffer is valid only during the call.
 */

export type OnRange = (buffer: Buffer, start: number, end: number) => void;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;
const NEWLINE = 0x0a;
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** Bytes that matter while skipping a value outside its strings: one table lookup per byte. */
const STRUCTURAL = new Uint8Array(256);
for (const c of [QUOTE, OPEN_OBJECT, CLOSE_OBJECT, OPEN_ARRAY, CLOSE_ARRAY]) STRUCTURAL[c] = 1;

function isSpace(c: number | undefined): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function skipSpace(b: Uint8Array, i: number): number {
  while (i < b.length && isSpace(b[i])) i++;
  return i;
}

/**
 * `b[i]` is an opening quote; returns the index after the closing one, or -1 if the bytes
 * end first. The closing quote is found with Buffer.indexOf (native memchr) rather than a
 * byte loop; a quote preceded by an odd run of backslashes is escaped and skipped.
 */
function skipString(b: Buffer, i: number): number {
  let q = i;
  for (;;) {
    q = b.indexOf(QUOTE, q + 1);
    if (q < 0) return -1;
    let backslashes = 0;
    // Stops at the opening quote at the latest.
    while (b[q - 1 - backslashes] === BACKSLASH) backslashes++;
    if ((backslashes & 1) === 0) return q + 1;
  }
}

/** The index just after the value starting at `i`; -1 when the bytes may end inside it. */
function skipValue(b: Buffer, i: number): number {
  const n = b.length;
  const first = b[i];
  if (first === QUOTE) return skipString(b, i);
  if (first !== OPEN_OBJECT && first !== OPEN_ARRAY) {
    while (i < n && b[i] !== COMMA && b[i] !== CLOSE_ARRAY && !isSpace(b[i])) i++;
    return i < n ? i : -1; // a number or literal touching the end may go on in the next chunk
  }
  let depth = 0;
  while (i < n) {
    const c = b[i]!;
    if (STRUCTURAL[c] === 0) {
      i++;
      continue;
    }
    if (c === QUOTE) {
      i = skipString(b, i);
      if (i < 0) return -1;
      continue;
    }
    if (c === OPEN_OBJECT || c === OPEN_ARRAY) depth++;
    else if (--depth === 0) return i + 1;
    i++;
  }
  return -1;
}

type State = 'start' | 'first' | 'value' | 'after' | 'closed';

/** Incremental scanner for one top-level JSON array. */
export class ArrayScanner {
  private carry: Buffer | null = null;
  private state: State = 'start';
  private atFileStart = true;

  /** Feeds the next chunk; returns an error message when the bytes are not a JSON array. */
  push(chunk: Buffer, onElement: OnRange): string | null {
    if (this.carry && !this.atFileStart) {
      const from = this.finishCarried(chunk, onElement);
      if (from >= 0) return this.scan(chunk, skipSpace(chunk, from), onElement);
    }
    let b = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    this.carry = null;
    if (this.atFileStart) {
      // A byte order mark may itself be split between chunks.
      if (b.length < 3 && BOM.subarray(0, b.length).equals(b)) {
        this.carry = Buffer.from(b);
        return null;
      }
      this.atFileStart = false;
      if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) b = b.subarray(3);
    }
    return this.scan(b, skipSpace(b, 0), onElement);
  }

  /**
   * The element split between the last chunk and this one, completed from a short prefix
   * of `chunk` — copying the whole 4 MB chunk behind a few hundred carried bytes, for
   * every chunk of every file, was a measurable share of the read. Returns where the scan
   * goes on in `chunk`, or -1 (carry kept) when the element runs on past the prefixes
   * tried, which the caller then handles by joining everything.
   */
  private finishCarried(chunk: Buffer, onElement: OnRange): number {
    const carry = this.carry!;
    for (let take = 64 * 1024; take < chunk.length; take *= 4) {
      const joined = Buffer.concat([carry, chunk.subarray(0, take)]);
      const end = skipValue(joined, 0);
      if (end < 0) continue;
      if (end === 0) return -1; // not a value start: let the full scan report it
      this.carry = null;
      onElement(joined, 0, end);
      this.state = 'after';
      return end - carry.length;
    }
    return -1;
  }

  private scan(b: Buffer, from: number, onElement: OnRange): string | null {
    let i = from;
    while (i < b.length) {
      const c = b[i];
      if (this.state === 'closed') return 'unexpected content after the list';
      if (this.state === 'start') {
        if (c !== OPEN_ARRAY) return 'not a list';
        this.state = 'first';
        i = skipSpace(b, i + 1);
        continue;
      }
      if (this.state === 'after') {
        if (c === COMMA) this.state = 'value';
        else if (c === CLOSE_ARRAY) this.state = 'closed';
        else return `unexpected character after an element`;
        i = skipSpace(b, i + 1);
        continue;
      }
      if (this.state === 'first' && c === CLOSE_ARRAY) {
        this.state = 'closed';
        i = skipSpace(b, i + 1);
        continue;
      }
      const end = skipValue(b, i);
      if (end === i) return 'unexpected character where an element should be';
      if (end < 0) {
        this.carry = Buffer.from(b.subarray(i)); // a copy: the chunk itself is not kept
        return null;
      }
      onElement(b, i, end);
      this.state = 'after';
      i = skipSpace(b, end);
    }
    return null;
  }

  /** After the last chunk: an error message when the list never closed. */
  end(onElement: OnRange): string | null {
    // A bare number or literal may have ended exactly with the file.
    if (this.carry && (this.state === 'value' || this.state === 'first')) {
      const rest = this.carry;
      this.carry = null;
      if (rest[0] !== QUOTE && rest[0] !== OPEN_OBJECT && rest[0] !== OPEN_ARRAY) {
        onElement(rest, 0, rest.length);
        this.state = 'after';
      }
    }
    return this.state === 'closed' ? null : 'the list never closes (truncated file?)';
  }
}

export type OnLine = (buffer: Buffer, start: number, end: number, lineNumber: number) => void;

/** Incremental splitter for JSON Lines: each non-blank line, with its 1-based line number. */
export class LineScanner {
  private carry: Buffer | null = null;
  private line = 1;

  push(chunk: Buffer, onLine: OnLine): void {
    const b = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    this.carry = null;
    let start = 0;
    for (;;) {
      const end = b.indexOf(NEWLINE, start);
      if (end < 0) break;
      this.emitRange(b, start, end, onLine);
      start = end + 1;
    }
    if (start < b.length) this.carry = Buffer.from(b.subarray(start));
  }

  end(onLine: OnLine): void {
    if (this.carry) this.emitRange(this.carry, 0, this.carry.length, onLine);
    this.carry = null;
  }

  private emitRange(raw: Buffer, from: number, to: number, onLine: OnLine): void {
    let a = from;
    let z = to;
    if (this.line === 1 && raw[a] === 0xef && raw[a + 1] === 0xbb && raw[a + 2] === 0xbf) a += 3;
    while (a < z && isSpace(raw[a])) a++;
    while (z > a && isSpace(raw[z - 1])) z--;
    if (z > a) onLine(raw, a, z, this.line);
    this.line++;
  }
}
