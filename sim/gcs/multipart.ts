/**
 * Splits a `multipart/related` upload (JSON metadata part, then the media part) the way
 * the JSON API's `uploadType=multipart` expects it.
 */
export interface MultipartUpload {
  metadata: string;
  media: Buffer;
  mediaType: string | undefined;
}

export function parseMultipartRelated(contentType: string, body: Buffer): MultipartUpload | undefined {
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (!boundary) return undefined;
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: Buffer[] = [];
  let at = body.indexOf(delimiter);
  while (at !== -1) {
    const start = at + delimiter.length;
    const next = body.indexOf(delimiter, start);
    if (next === -1) break;
    parts.push(body.subarray(start, next));
    at = next;
  }
  const parsed = parts.map(splitPart).filter((p) => p !== undefined);
  if (parsed.length < 2) return undefined;
  const [meta, media] = parsed as [
    ReturnType<typeof splitPart> & object,
    ReturnType<typeof splitPart> & object,
  ];
  return {
    metadata: meta.body.toString('utf8'),
    media: media.body,
    mediaType: media.headers['content-type'],
  };
}

function splitPart(part: Buffer): { headers: Record<string, string>; body: Buffer } | undefined {
  // A part is CRLF, headers, a blank line, the body, CRLF (before the next delimiter).
  const separator = part.indexOf('\r\n\r\n');
  if (separator === -1) return undefined;
  const headers: Record<string, string> = {};
  for (const line of part.subarray(0, separator).toString('utf8').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  let body = part.subarray(separator + 4);
  if (body.subarray(-2).toString() === '\r\n') body = body.subarray(0, -2);
  return { headers, body };
}
