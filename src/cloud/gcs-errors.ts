/**
 * The client reports an HTTP failure in more than one shape: `ApiError` with `code` for
 * JSON calls, a `GaxiosError` with `status`/`response.status` from resumable uploads, and
 * for downloads sometimes only the JSON error body as the message. One reader for all.
 */
export function gcsStatus(error: unknown): number | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const e = error as { code?: unknown; status?: unknown; response?: { status?: unknown }; message?: unknown };
  for (const candidate of [e.code, e.status, e.response?.status])
    if (typeof candidate === 'number' && candidate >= 100 && candidate < 600) return candidate;
  if (typeof e.message === 'string') {
    const match = /"code":\s*(\d{3})/.exec(e.message) ?? /status code (\d{3})/.exec(e.message);
    if (match) return Number(match[1]);
  }
  return undefined;
}
