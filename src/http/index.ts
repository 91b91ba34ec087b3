export { CallCounter } from './call-counter.ts';
export {
  createHttpClient,
  endpointLabel,
  type HttpClient,
  type HttpClientOptions,
  type HttpResponse,
  parseRetryAfter,
  type RateLimitPolicy,
  type RateLimitVerdict,
  type RequestOptions,
  retryAfterPolicy,
} from './client.ts';
export {
  type DeferReason,
  DeferredError,
  HttpError,
  InvalidResponseError,
  NetworkError,
  summariseBody,
} from './errors.ts';
