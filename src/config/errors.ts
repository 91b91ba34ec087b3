import { SetupError } from '../util/errors.ts';

/**
 * A setting that is missing or wrong; the message names the variable and the fix. Its own
 * module so that code reporting errors (src/cli/run.ts) need not load the settings schema.
 */
export class ConfigError extends SetupError {
  readonly code = 'config';

  constructor(
    message: string,
    readonly variable?: string,
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}
