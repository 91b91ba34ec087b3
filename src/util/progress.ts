/**
 * Progress for long work: a one-line bar with rate and ETA on a terminal, a periodic
 * log line otherwise (cron, CI, the web server's log). Jobs receive a `Progress` and
 * never know which one they got.
 */
import { formatCount } from './numbers.ts';

export interface Progress {
  start(label: string, total?: number): void;
  /** Sets the absolute count done. */
  update(done: number, detail?: string): void;
  /** Adds to the count done. */
  tick(delta?: number, detail?: string): void;
  done(summary?: string): void;
}

export const noProgress: Progress = { start() {}, update() {}, tick() {}, done() {} };

export interface ProgressOptions {
  /** Where lines go (default stderr); only `isTTY` and `write` are used, so a CLI's stream relayed by `encore serve` fits too. */
  stream?: Pick<NodeJS.WriteStream, 'isTTY'> & { write(text: string): unknown };
  /** Minimum milliseconds between redraws (or log lines when not a TTY). */
  intervalMs?: number;
  now?: () => number;
}

export function createProgress(options: ProgressOptions = {}): Progress {
  const stream = options.stream ?? process.stderr;
  const tty = Boolean(stream.isTTY);
  const now = options.now ?? Date.now;
  const interval = options.intervalMs ?? (tty ? 100 : 5000);
  let label = '';
  let total: number | undefined;
  let count = 0;
  let startedAt = 0;
  let lastDraw = 0;
  let lastDetail = '';

  const render = (final = false) => {
    const elapsed = Math.max(1, now() - startedAt) / 1000;
    const rate = count / elapsed;
    const parts = [label];
    if (total) {
      const fraction = Math.min(1, count / total);
      if (tty) {
        const width = 24;
        const filled = Math.round(fraction * width);
        parts.push(`[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`);
      }
      parts.push(`${formatCount(count)}/${formatCount(total)} (${Math.floor(fraction * 100)}%)`);
      if (!final && rate > 0 && count < total) parts.push(`ETA ${formatSeconds((total - count) / rate)}`);
    } else {
      parts.push(formatCount(count));
    }
    parts.push(`${formatCount(rate)}/s`);
    if (lastDetail) parts.push(lastDetail);
    const line = parts.join(' ');
    if (tty) stream.write(`\r\x1b[2K${line}${final ? '\n' : ''}`);
    else stream.write(`${line}\n`);
  };

  const maybeDraw = () => {
    const t = now();
    if (t - lastDraw >= interval) {
      lastDraw = t;
      render();
    }
  };

  return {
    start(l, t) {
      label = l;
      total = t;
      count = 0;
      startedAt = now();
      lastDraw = 0;
      lastDetail = '';
      maybeDraw();
    },
    update(d, detail) {
      count = d;
      if (detail !== undefined) lastDetail = detail;
      maybeDraw();
    },
    tick(delta = 1, detail) {
      count += delta;
      if (detail !== undefined) lastDetail = detail;
      maybeDraw();
    },
    done(summary) {
      if (summary) lastDetail = summary;
      render(true);
    },
  };
}

export function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}
