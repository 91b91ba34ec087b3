import type { SourceName } from './types.ts';
import { AuthError, InputError } from '../util/errors.ts';

/** A place, radius, date or window the user typed that encore cannot use; the message says how to fix it. */
export class PlaceInputError extends InputError {
  readonly code = 'place_input';

  constructor(message: string) {
    super(message);
    this.name = 'PlaceInputError';
  }
}

/** The provider refused our credentials. Retrying will not help; the user must fix the key. */
export class SourceAuthError extends AuthError {
  readonly code = 'source_auth';

  constructor(
    readonly source: SourceName,
    /** The setting to fix, e.g. TICKETMASTER_API_KEY. */
    readonly variable: string,
    message: string,
  ) {
    super(message);
    this.name = 'SourceAuthError';
  }
}

/** The provider kept answering with something unusable (e.g. an HTML CAPTCHA page) for this place. */
export class SourceUnavailableError extends Error {
  constructor(
    readonly source: SourceName,
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'SourceUnavailableError';
  }
}
