import { createHash } from 'node:crypto';
import { readAll } from './chunks.ts';
import { BadLine, type Container, decodeWhole, HEAD_BYTES, NOT_UTF8, parseRecord } from './decode.ts';
import { DETECT_SAMPLE, type Detection, detectFormat, rowReader } from './detect.ts';
import type { PlannedFile } from './inputs.ts';
import { ArrayScanner, LineScanner } from './json-scan.ts';
import { RowCollector } from './stage.ts';
import { Utf8Check } from './utf8-check.ts';
import type { HistoryFormat, StagedPlay } from './types.ts';

/**
 * Reading one file, in two passes over its chunks. The first only hashes it (and keeps
 * its first bytes for `sniff`): a file imported before is then skipped without parsing.
 * The second reads it record by record — recognised by content from its first records —
 * through the format's reader into a RowCollector, whose plays go straight to the
 * staging Appender. No file, and no file's rows, is ever held in memory whole.
 */

export interface Fingerprint {
  contentHash: string;
  head: Buffer;
  size: number;
}

export async function hashPass(file: PlannedFile): Promise<Fingerprint> {
  const hash = createHash('sha256');
  const headParts: Buffer[] = [];
  let headLength = 0;
  let size = 0;
  for await (const chunk of file.chunks()) {
    hash.update(chunk);
    size += chunk.length;
    if (headLength < HEAD_BYTES) {
      const part = chunk.subarray(0, HEAD_BYTES - headLength);
      headParts.push(Buffer.from(part));
      headLength += part.length;
    }
  }
  return { contentHash: hash.digest('hex'), head: Buffer.concat(headParts), size };
}

export interface ReadContext {
  nowMs: number;
  keepRejects: number;
  emit(play: StagedPlay): void;
  /** Fraction (0..1) of the file's bytes read so far. */
  onFraction?(fraction: number): void;
}

export type ReadResult =
  { skip: string; problem: boolean } | { format: HistoryFormat; collector: RowCollector };

type TextContainer = Exclude<Container, 'parquet'>;

export async function readRecords(
  file: PlannedFile,
  container: TextContainer,
  ctx: ReadContext,
): Promise<ReadResult> {
  const sink = new DetectingSink(file.label, ctx, container === 'csv');
  const problem =
    container === 'json-document' || container === 'csv'
      ? await readWhole(file, container, sink)
      : await readStreamed(file, container, sink, ctx);
  if (problem) return { skip: problem, problem: true };
  const detected = sink.finish();
  if ('skip' in detected) return { skip: detected.skip, problem: false };
  return { format: detected.format, collector: sink.collector! };
}

/** JSON arrays and JSON Lines, record by record. Returns why the file cannot be read, if so. */
async function readStreamed(
  file: PlannedFile,
  container: 'json-array' | 'json-lines',
  sink: DetectingSink,
  ctx: ReadContext,
): Promise<string | null> {
  let index = 0;
  const onElement = (b: Buffer, start: number, end: number) => {
    if (sink.wanted) sink.add(parseRecord(b, start, end), index++);
  };
  const onLine = (b: Buffer, start: number, end: number, line: number) => {
    if (sink.wanted) sink.add(parseRecord(b, start, end), line);
  };
  const scanner = container === 'json-array' ? new ArrayScanner() : null;
  const lines = new LineScanner();
  const utf8 = new Utf8Check();
  let read = 0;
  for await (const chunk of file.chunks()) {
    // Checked before the chunk is scanned: no record of a file in another encoding is staged.
    if (!utf8.push(chunk)) return NOT_UTF8;
    const error = scanner ? scanner.push(chunk, onElement) : (lines.push(chunk, onLine), null);
    if (error) return `not valid JSON (truncated or damaged): ${error}`;
    if (!sink.wanted) return null; // not listening history: no need to read on
    read += chunk.length;
    ctx.onFraction?.(Math.min(1, read / Math.max(1, file.size)));
  }
  if (!utf8.end()) return NOT_UTF8;
  const error = scanner ? scanner.end(onElement) : (lines.end(onLine), null);
  return error ? `not valid JSON (truncated or damaged): ${error}` : null;
}

/** One JSON document, or CSV: decoded whole (encore's CSV, ListenBrainz API dumps, other JSON). */
async function readWhole(file: PlannedFile, container: 'json-document' | 'csv', sink: DetectingSink) {
  const decoded = decodeWhole(await readAll(file.chunks), container);
  if ('skip' in decoded) return decoded.skip;
  decoded.records.forEach((record, i) => sink.add(record, decoded.position(i)));
  return null;
}

/**
 * Holds the first records until the format is known, then feeds the collector. A file
 * that turns out not to be listening history stops being read (`wanted` is false).
 */
class DetectingSink {
  collector: RowCollector | null = null;
  wanted = true;
  private pending: Array<[unknown, number]> = [];
  private detection: Detection | null = null;

  constructor(
    private readonly label: string,
    private readonly ctx: ReadContext,
    private readonly csv: boolean,
  ) {}

  add(raw: unknown, position: number): void {
    if (this.collector) return this.collector.add(raw, position);
    this.pending.push([raw, position]);
    if (this.pending.length >= DETECT_SAMPLE) this.decide();
  }

  finish(): Detection {
    if (!this.detection) this.decide();
    return this.detection!;
  }

  private decide(): void {
    const leading = this.pending.filter(([raw]) => !(raw instanceof BadLine)).map(([raw]) => raw);
    const detected: Detection =
      leading.length === 0 && this.pending.length > 0
        ? { skip: 'not valid JSON (none of its first records could be read)' }
        : detectFormat(this.label, leading);
    if ('skip' in detected) {
      this.detection = detected;
      this.wanted = false;
      return;
    }
    const format: HistoryFormat =
      detected.format === 'encore_jsonl' && this.csv ? 'encore_csv' : detected.format;
    this.detection = { format };
    this.collector = new RowCollector({
      label: this.label,
      read: rowReader(format),
      nowMs: this.ctx.nowMs,
      keep: this.ctx.keepRejects,
      spreadMinutes: format === 'spotify_account',
      emit: this.ctx.emit,
    });
    for (const [raw, position] of this.pending) this.collector.add(raw, position);
    this.pending = [];
  }
}
