import { describe, expect, it } from 'vitest';
import { createLogger, type LoggerOptions } from '../../src/util/logger.ts';

const AT = Date.UTC(2026, 11, 4, 8, 0, 0, 123);

function capture(options: LoggerOptions = {}) {
  const lines: string[] = [];
  const logger = createLogger({ json: true, now: () => AT, write: (l) => lines.push(l), ...options });
  return { logger, lines, parsed: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('ENCORE_LOG_FORMAT=json (Cloud Logging structured lines)', () => {
  it('writes one JSON object per line with severity, message, time and the fields', () => {
    const { logger, lines, parsed } = capture({ level: 'debug' });
    logger.debug('d');
    logger.info('captured plays', { userId: 'alice', plays: 3 });
    logger.warn('slow down');
    logger.error('failed', { job: 'capture' });
    expect(lines.every((l) => !l.includes('\n'))).toBe(true);
    expect(parsed().map((p) => p.severity)).toEqual(['DEBUG', 'INFO', 'WARNING', 'ERROR']);
    expect(parsed()[1]).toEqual({
      severity: 'INFO',
      message: 'captured plays',
      time: '2026-12-04T08:00:00.123Z',
      userId: 'alice',
      plays: 3,
    });
  });

  it('respects the level, marks demo data and keeps child fields', () => {
    const { logger, parsed } = capture({ level: 'warn', demo: true });
    logger.info('hidden');
    logger.child({ job: 'shows' }).warn('shown');
    expect(parsed()).toEqual([
      { severity: 'WARNING', message: 'shown', time: '2026-12-04T08:00:00.123Z', demo: true, job: 'shows' },
    ]);
  });

  it('redacts secrets in the message, in secret-named fields, nested values and errors', () => {
    const { logger, lines, parsed } = capture();
    logger.error('call failed: Authorization: Bearer abc.def.ghi', {
      token: 'tok-123456',
      client_secret: 'cs-123456',
      request: {
        url: 'https://x.test/cb?code=AUTHCODE1&state=s',
        headers: { authorization: 'Basic dXNlcjpw' },
      },
      error: new Error('refresh_token=RT-999888 rejected'),
    });
    const text = lines.join('\n');
    for (const secret of ['abc.def.ghi', 'tok-123456', 'cs-123456', 'AUTHCODE1', 'dXNlcjpw', 'RT-999888'])
      expect(text).not.toContain(secret);
    const line = parsed()[0]!;
    expect(line.message).toBe('call failed: Authorization: Bearer [redacted]');
    expect(line.token).toBe('[redacted]');
    expect(line.client_secret).toBe('[redacted]');
    expect((line.request as { headers: { authorization: string } }).headers.authorization).toBe('[redacted]');
    expect(line.error).toBe('refresh_token=[redacted] rejected');
  });

  it('text format (the default) starts each line with the ISO time', () => {
    const { logger, lines } = capture({ json: false });
    logger.info('hello', { n: 1 });
    expect(lines).toEqual(['2026-12-04T08:00:00.123Z info  hello n=1']);
  });
});
