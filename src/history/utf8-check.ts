import { isUtf8 } from 'node:buffer';

/**
 * Validates UTF-8 across a stream of chunks with the native check, once per chunk: a
 * sequence cut by a chunk boundary is held back and checked with the next chunk.
 */
export class Utf8Check {
  private tail: Buffer | null = null;

  /** False as soon as the bytes so far are not valid UTF-8. */
  push(chunk: Buffer): boolean {
    let start = 0;
    if (this.tail) {
      const need = sequenceLength(this.tail[0]!) - this.tail.length;
      if (chunk.length < need) {
        this.tail = Buffer.concat([this.tail, chunk]);
        return true;
      }
      if (!isUtf8(Buffer.concat([this.tail, chunk.subarray(0, need)]))) return false;
      this.tail = null;
      start = need;
    }
    const cut = completeEnd(chunk, start);
    if (!isUtf8(chunk.subarray(start, cut))) return false;
    if (cut < chunk.length) this.tail = Buffer.from(chunk.subarray(cut));
    return true;
  }

  /** False when the stream ended inside a sequence. */
  end(): boolean {
    return this.tail === null;
  }
}

/** Length of the sequence a lead byte starts (1 for anything isUtf8 will judge itself). */
function sequenceLength(lead: number): number {
  if (lead >= 0xf0 && lead <= 0xf7) return 4;
  if (lead >= 0xe0) return 3;
  if (lead >= 0xc0) return 2;
  return 1;
}

/** The end of the chunk without a last sequence that continues past it. */
function completeEnd(b: Buffer, start: number): number {
  for (let i = b.length - 1; i >= Math.max(start, b.length - 4); i--) {
    const c = b[i]!;
    if ((c & 0xc0) === 0x80) continue; // a continuation byte: look further back for the lead
    const length = sequenceLength(c);
    return i + length > b.length && length > 1 ? i : b.length;
  }
  return b.length;
}
