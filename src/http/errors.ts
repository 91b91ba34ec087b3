/** Errors of the HTTP layer. Messages never carry secrets: bodies are redacted and cut short. */
import { redact } from '../util/redact.ts';
import { RetryLaterError } from '../util/errors.ts';

export type DeferReason = 'rate_limited' | 'quota_exceeded';

/**
 * The API asked us to wait longer than we are willing to sleep. The job stops, records
 * `resumeAt` and shows it; nothing busy-loops.
 */
export class DeferredError extends RetryLaterError {
  readonly code = 'deferred';

  constructor(
    readonly api: string,
    readonly endpoint: string,
    readonly reason: DeferReason,
    readonly resumeAt: number,
  ) {
    const when = new Date(resumeAt).toISOString();
    super(
      reason === 'quota_exceeded'
        ? `${api} quota exceeded (QUOTA_EXCEEDED) on ${endpoint}; paused until ${when}`
        : `${api} rate limit on ${endpoint}; paused until ${when}`,
    );
    this.name = 'DeferredError';
  }
}

export class HttpError extends Error {
  constructor(
    readonly api: string,
    readonly endpoint: string,
    readonly status: number,
    readonly bodyText: string,
  ) {
    super(`${api} ${endpoint} answered ${status}: ${summariseBody(bodyText)}`);
    this.name = 'HttpError';
  }

  /** The parsed JSON body, when it was JSON. */
  get json(): unknown {
    try {
      return JSON.parse(this.bodyText);
    } catch {
      return undefined;
    }
  }
}

/** Network failure or timeout after every retry. */
export class NetworkError extends Error {
  constructor(
    readonly api: string,
    readonly endpoint: string,
    override readonly cause: unknown,
    readonly timedOut: boolean,
  ) {
    super(
      `${api} ${endpoint} ${timedOut ? 'timed out' : 'could not be reached'}: ${redact(String((cause as Error)?.message ?? cause))}`,
    );
    this.name = 'NetworkError';
  }
}

/** The body was not JSON, or not the shape we expect. `bodyText` is kept for raw_payloads. */
export class InvalidResponseError extends Error {
  constructor(
    readonly api: string,
    readonly endpoint: string,
    readonly problem: string,
    readonly bodyText: string,
  ) {
    super(`${api} ${endpoint} returned an unexpected response: ${problem}`);
    this.name = 'InvalidResponseError';
  }
}

export function summariseBody(text: string, max = 300): string {
  const flat = redact(text.replace(/\s+/g, ' ').trim());
  if (/^<!doctype html|^<html/i.test(flat)) return 'an HTML page instead of JSON';
  return flat.length > max ? `${flat.slice(0, max)}…` : flat || '(empty body)';
}
