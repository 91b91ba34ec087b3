/**
 * A setting that is missing or wrong; the message names the variable and the fix. Its own
 * module so that code reporting errors (src/cli/run.ts) need not load the settings schema.
 */
export class ConfigError extends Error {
  constructor(
    message: string,
    readonly variable?: string,
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}
