/**
 * Secrets never reach logs, errors or test output. Every string we print passes through
 * `redact`, which removes bearer tokens, token-like query parameters and any secret
 * value that was registered at start-up (client secret, API keys, encryption key).
 */
const registered = new Set<string>();

export function registerSecret(value: string | undefined | null): void {
  if (value && value.length >= 6) registered.add(value);
}

const PATTERNS: Array<[RegExp, string]> = [
  [/(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, '$1 [redacted]'],
  [
    /((?:access_token|refresh_token|client_secret|code_verifier|apikey|api_key|client_id|code|x-api-key)["']?\s*[=:]\s*["']?)[^&"'\s,}]+/gi,
    '$1[redacted]',
  ],
];

export function redact(text: string): string {
  let out = text;
  for (const secret of registered) out = out.split(secret).join('[redacted]');
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out;
}
