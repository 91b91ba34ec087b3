import { type ErrorFamily, RetryLaterError, UserError } from '../util/errors.ts';
import { redact } from '../util/redact.ts';
import type { WebContext, WebDeps } from './context.ts';
import { errorPage } from './layout.ts';

/** The error page's heading per family; the error's own sentence says what to do. */
const TITLES: Record<ErrorFamily, string> = {
  input: 'Check what was sent',
  setup: 'encore is not set up for this',
  not_found: 'Not found',
  auth: 'Connect again',
  retry_later: 'Try again later',
  conflict: 'Busy elsewhere',
};

/**
 * The web's one error mapper (`app.onError`). A UserError (src/util/errors.ts) is answered
 * with its family's status and its sentence: JSON under /api/, the error page elsewhere,
 * and a Retry-After header when a service asked encore to wait. Anything else is a plain
 * 500 page; its message goes to the log only. Never a stack, and every message redacted.
 */
export function errorResponse(c: WebContext, deps: WebDeps, error: Error): Response | Promise<Response> {
  const message = redact(error.message);
  if (!(error instanceof UserError)) {
    deps.logger.error('request failed', { path: c.req.path, error: message });
    return errorPage(c, deps, 500, 'Something went wrong', [
      'The error was logged. Try again, or check the Status page and `encore status`.',
    ]);
  }
  deps.logger.warn('request refused', { path: c.req.path, code: error.code, error: message });
  if (error instanceof RetryLaterError) {
    const seconds = Math.ceil((error.resumeAt - deps.clock.now()) / 1000);
    c.header('retry-after', String(Math.max(1, seconds)));
  }
  if (c.req.path.startsWith('/api/')) return c.json({ error: message, code: error.code }, error.httpStatus);
  return errorPage(c, deps, error.httpStatus, TITLES[error.family], [message]);
}
