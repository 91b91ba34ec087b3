/**
 * The control channel of `encore serve` (src/control/): where it lives and what goes over
 * it. A CLI whose database is held by a running encore connects to the server's Unix
 * socket, sends one request line, and reads newline-delimited JSON frames back — its
 * command's output as it is written, then the exit code.
 */
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';

export const PROTOCOL_VERSION = 1;

/** The one line a client sends. `dbPath` lets a server refuse a CLI that means another database. */
export interface ControlRequest {
  version: number;
  token: string;
  dbPath: string;
  argv: string[];
  /** The CLI's working directory: relative paths in `argv` mean what they mean in its shell. */
  cwd: string;
  /** Whether the CLI's stdout and stderr are terminals (progress draws a bar on one). */
  tty: { stdout: boolean; stderr: boolean };
}

export type OutputStream = 'stdout' | 'stderr';

export type RefusalReason = 'token' | 'database' | 'version' | 'request';

export type ControlFrame =
  | { type: 'output'; stream: OutputStream; data: string }
  | { type: 'exit'; code: number }
  | { type: 'refused'; reason: RefusalReason; message: string };

export interface ControlPaths {
  socket: string;
  token: string;
}

/** Longest socket path that binds everywhere (sun_path is 104 bytes on macOS, 108 on Linux). */
const MAX_SOCKET_PATH = 100;

/**
 * Socket and token sit in `<data folder>/.encore-control/`, named after the database, so
 * a demo and a live encore sharing one data folder each have their own (backups skip
 * `.encore-` folders). A data folder too deep for a socket path gets one in the temp
 * folder, named by a hash of the database path — the same name in server and CLI.
 */
export function controlPaths(config: { dataDir: string; dbPath: string }): ControlPaths {
  const dir = join(config.dataDir, '.encore-control');
  const name = basename(config.dbPath).replace(/\.duckdb$/, '');
  let socket = join(dir, `${name}.sock`);
  if (Buffer.byteLength(socket) > MAX_SOCKET_PATH) {
    const hash = createHash('sha256').update(config.dbPath).digest('hex').slice(0, 16);
    socket = join(tmpdir(), `encore-${hash}.sock`);
  }
  return { socket, token: join(dir, `${name}.token`) };
}

export function encodeFrame(frame: ControlFrame | ControlRequest): string {
  return `${JSON.stringify(frame)}\n`;
}

/**
 * Splits a byte stream into lines and hands each to `onLine`; a line longer than
 * `maxLine` (no newline in sight) calls `onOverflow` once instead of growing forever.
 */
export function lineReader(
  onLine: (line: string) => void,
  options: { maxLine?: number; onOverflow?: () => void } = {},
): (chunk: Buffer) => void {
  const max = options.maxLine ?? Infinity;
  // A chunk may end inside a multi-byte character: the decoder keeps it for the next one.
  const decoder = new StringDecoder('utf8');
  let pending = '';
  let overflowed = false;
  return (chunk) => {
    if (overflowed) return;
    pending += decoder.write(chunk);
    let newline = pending.indexOf('\n');
    while (newline >= 0) {
      const line = pending.slice(0, newline);
      pending = pending.slice(newline + 1);
      if (line) onLine(line);
      newline = pending.indexOf('\n');
    }
    if (pending.length > max) {
      overflowed = true;
      options.onOverflow?.();
    }
  };
}

/** A request line as sent by a client, or undefined for anything else. */
export function parseRequest(line: string): ControlRequest | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (!value || typeof value !== 'object') return undefined;
  const r = value as Partial<ControlRequest>;
  const ok =
    typeof r.version === 'number' &&
    typeof r.token === 'string' &&
    typeof r.dbPath === 'string' &&
    typeof r.cwd === 'string' &&
    Array.isArray(r.argv) &&
    r.argv.every((a) => typeof a === 'string') &&
    typeof r.tty === 'object' &&
    r.tty !== null;
  return ok
    ? {
        version: r.version!,
        token: r.token!,
        dbPath: r.dbPath!,
        cwd: r.cwd!,
        argv: r.argv!,
        tty: { stdout: r.tty!.stdout === true, stderr: r.tty!.stderr === true },
      }
    : undefined;
}

/** A frame as sent by a server, or undefined for anything else. */
export function parseFrame(line: string): ControlFrame | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  const f = value as Partial<Record<string, unknown>> | null;
  if (!f || typeof f !== 'object') return undefined;
  if (f.type === 'output' && (f.stream === 'stdout' || f.stream === 'stderr') && typeof f.data === 'string')
    return { type: 'output', stream: f.stream, data: f.data };
  if (f.type === 'exit' && Number.isInteger(f.code)) return { type: 'exit', code: f.code as number };
  if (f.type === 'refused' && typeof f.reason === 'string' && typeof f.message === 'string')
    return { type: 'refused', reason: f.reason as RefusalReason, message: f.message };
  return undefined;
}
