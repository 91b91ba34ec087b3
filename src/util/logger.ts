import { redact } from './redact.ts';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Google Cloud Logging reads these `severity` names from a JSON line on stdout/stderr. */
const SEVERITY: Record<LogLevel, string> = { debug: 'DEBUG', info: 'INFO', warn: 'WARNING', error: 'ERROR' };

/** Field names whose values are secrets whatever they hold. */
const SECRET_FIELD = /^(?:.*[_-])?(?:secret|token|password|authorization|cookie|api_?key)s?$/i;

export interface LoggerOptions {
  level?: LogLevel;
  /** `[demo]` on every line when running against the simulators. */
  demo?: boolean;
  /** One JSON object per line in Cloud Logging's shape (`severity`, `message`, `time`, fields). */
  json?: boolean;
  /** ISO time at the start of text lines (default on; the in-memory test logger turns it off). */
  timestamps?: boolean;
  now?: () => number;
  write?: (line: string) => void;
  fields?: LogFields;
}

/** Strings redacted, errors reduced to their message, secret-named fields blanked. */
function cleanValue(key: string, value: unknown, depth = 0): unknown {
  if (SECRET_FIELD.test(key) && value !== undefined && value !== null) return '[redacted]';
  if (typeof value === 'string') return redact(value);
  if (value instanceof Error) return redact(value.message);
  if (Array.isArray(value)) return depth > 4 ? '[…]' : value.map((v) => cleanValue('', v, depth + 1));
  if (value && typeof value === 'object') {
    if (depth > 4) return '[…]';
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cleanValue(k, v, depth + 1)]));
  }
  return value;
}

function cleanFields(fields: LogFields): LogFields {
  const out: LogFields = {};
  for (const [key, value] of Object.entries(fields))
    if (value !== undefined) out[key] = cleanValue(key, value);
  return out;
}

function textLine(
  time: string | undefined,
  lvl: LogLevel,
  msg: string,
  fields: LogFields,
  demo: boolean,
): string {
  const extras = Object.entries(fields)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');
  return `${time ? `${time} ` : ''}${demo ? '[demo] ' : ''}${lvl.padEnd(5)} ${msg}${extras ? ` ${extras}` : ''}`;
}

/** A small structured logger; every line is redacted before it is written. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? 'info';
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const now = options.now ?? Date.now;
  const base = options.fields ?? {};
  const log = (lvl: LogLevel, msg: string, fields?: LogFields) => {
    if (ORDER[lvl] < ORDER[level]) return;
    const all = cleanFields({ ...base, ...fields });
    const time = new Date(now()).toISOString();
    const line = options.json
      ? JSON.stringify({
          severity: SEVERITY[lvl],
          message: redact(msg),
          time,
          ...(options.demo ? { demo: true } : {}),
          ...all,
        })
      : textLine(options.timestamps === false ? undefined : time, lvl, msg, all, options.demo ?? false);
    write(redact(line));
  };
  return {
    debug: (m, f) => log('debug', m, f),
    info: (m, f) => log('info', m, f),
    warn: (m, f) => log('warn', m, f),
    error: (m, f) => log('error', m, f),
    child: (fields) => createLogger({ ...options, fields: { ...base, ...fields } }),
  };
}

/** For tests: collects lines instead of printing them (no timestamps unless asked, so lines compare). */
export function memoryLogger(options: Omit<LoggerOptions, 'write'> = {}): Logger & { lines: string[] } {
  const lines: string[] = [];
  const logger = createLogger({ level: 'debug', timestamps: false, ...options, write: (l) => lines.push(l) });
  return Object.assign(logger, { lines });
}

export const silentLogger: Logger = createLogger({ write: () => {} });
