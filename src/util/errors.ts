/**
 * The errors people can act on. Each has a stable `code` (for scripts, logs and JSON), a
 * message that says what to do next, and one family that decides how it reaches people:
 * an HTTP status for the web (src/web/errors.ts) and an exit code for the CLI
 * (src/cli/run.ts). Anything else that escapes is a failure: exit code 1, the web's
 * generic 500 page.
 *
 * The classes of the other folders (HistoryInputError, ConfigError, DeferredError…)
 * extend one family each, so code that throws them keeps its own names and `instanceof`
 * checks while the CLI and the web each map them in one place.
 */

export type ErrorFamily = 'input' | 'setup' | 'not_found' | 'auth' | 'retry_later' | 'conflict';

/** The statuses the web's error page renders. */
export type ErrorStatus = 400 | 403 | 404 | 409 | 500;

/**
 * Exit code 2 is "something you can fix" (as before this model); 3 is "nothing is wrong,
 * try again later", as `encore shows sync` reports a deferred run.
 */
const FAMILIES: Record<ErrorFamily, { httpStatus: ErrorStatus; exitCode: number }> = {
  input: { httpStatus: 400, exitCode: 2 },
  setup: { httpStatus: 500, exitCode: 2 },
  not_found: { httpStatus: 404, exitCode: 2 },
  auth: { httpStatus: 403, exitCode: 2 },
  retry_later: { httpStatus: 409, exitCode: 3 },
  conflict: { httpStatus: 409, exitCode: 2 },
};

export abstract class UserError extends Error {
  /** A stable identifier such as `history_input`; never reworded once released. */
  abstract readonly code: string;
  abstract readonly family: ErrorFamily;

  constructor(message?: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }

  get httpStatus(): ErrorStatus {
    return FAMILIES[this.family].httpStatus;
  }

  get exitCode(): number {
    return FAMILIES[this.family].exitCode;
  }
}

/** What was typed or sent cannot be used (an option, a file, a form field). */
export abstract class InputError extends UserError {
  readonly family = 'input';
}

/** A setting or key file is missing or wrong; the message names it and the fix. */
export abstract class SetupError extends UserError {
  readonly family = 'setup';
}

/** The account, playlist or other thing named does not exist. */
export abstract class NotFoundError extends UserError {
  readonly family = 'not_found';
}

/** A service refused encore's credentials: connect again, or replace the token or key. */
export abstract class AuthError extends UserError {
  readonly family = 'auth';
}

/** A service asked encore to wait; nothing is wrong, and the work can go on at `resumeAt`. */
export abstract class RetryLaterError extends UserError {
  readonly family = 'retry_later';
  /** Epoch milliseconds. */
  abstract readonly resumeAt: number;
}

/** Something else holds or changed the same state (the database, a remote file). */
export abstract class ConflictError extends UserError {
  readonly family = 'conflict';
}
