import type { Clock } from '../util/clock.ts';
import type { Logger } from '../util/logger.ts';

export interface RetryOptions {
  /** Further tries after the first. */
  retries: number;
  delayMs: number;
  clock: Clock;
  logger: Logger;
  /** What is being retried, for the log line (e.g. "seatgeek page 3"). */
  label: string;
}

/**
 * Tries `work` again while `shouldRetry` says the failure is the provider's passing mood
 * (an HTML CAPTCHA page, a page that came back empty) rather than a real answer. The HTTP
 * layer already retries 5xx and network errors; this covers 200s that are not usable.
 */
export async function retryWhile<T>(
  work: () => Promise<T>,
  shouldRetry: (error: unknown) => boolean,
  options: RetryOptions,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= options.retries || !shouldRetry(error)) throw error;
      const wait = options.delayMs * 2 ** attempt;
      options.logger.warn(`${options.label} failed; retrying`, {
        reason: (error as Error).message,
        in_ms: wait,
      });
      await options.clock.sleep(wait);
    }
  }
}
