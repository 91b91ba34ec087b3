// BigQuery's error shape ({ error: { code, message, errors: [{ reason }], status } }), so the real
// client raises what it would against the service.
import { InvalidSql, NotSupportedBySimulator } from './sql.js';

export class BqHttpError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

const STATUS_NAME: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ALREADY_EXISTS',
  500: 'INTERNAL',
  501: 'UNIMPLEMENTED',
  503: 'UNAVAILABLE',
};

export function errorBody(err: BqHttpError) {
  return {
    error: {
      code: err.status,
      message: err.message,
      errors: [{ message: err.message, domain: 'global', reason: err.reason }],
      status: STATUS_NAME[err.status] ?? 'UNKNOWN',
    },
  };
}

export function toHttpError(err: unknown): BqHttpError {
  if (err instanceof BqHttpError) return err;
  if (err instanceof InvalidSql) return new BqHttpError(400, 'invalidQuery', err.message);
  if (err instanceof NotSupportedBySimulator) return new BqHttpError(501, 'notImplemented', err.message);
  return new BqHttpError(500, 'backendError', err instanceof Error ? err.message : String(err));
}
