import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, inspectConfig, loadConfig } from '../../src/config/config.ts';
import { readDotenv } from '../../src/config/dotenv.ts';
import { redact } from '../../src/util/redact.ts';

const load = (env: Record<string, string>) => loadConfig({ env, dotenvPath: null, cwd: '/srv/encore' });

describe('config', () => {
  it('runs in demo mode without Spotify credentials, with loopback defaults', () => {
    const config = load({});
    expect(config.demo).toBe(true);
    expect(config.host).toBe('127.0.0.1');
    expect(config.port).toBe(8888);
    expect(config.spotify.redirectUri).toBe('http://127.0.0.1:8888/callback');
    expect(config.dbPath).toBe('/srv/encore/data/encore-demo.duckdb');
    expect(config.capture.activeIntervalMs).toBe(150_000);
  });

  it('runs for real with a client id', () => {
    const config = load({ SPOTIFY_CLIENT_ID: 'abcdef0123456789abcdef0123456789', ENCORE_PORT: '9000' });
    expect(config.demo).toBe(false);
    expect(config.dbPath).toBe('/srv/encore/data/encore.duckdb');
    expect(config.spotify.redirectUri).toBe('http://127.0.0.1:9000/callback');
  });

  it('checks ENCORE_SHOWS_CRON like every other setting, with croner saying what is wrong', () => {
    expect(load({ ENCORE_SHOWS_CRON: '30 7 * * 2' }).shows.cron).toBe('30 7 * * 2');
    expect(load({}).shows.cron).toBe('0 6 * * 1');
    expect(() => load({ ENCORE_SHOWS_CRON: 'every monday' })).toThrow(
      /^ENCORE_SHOWS_CRON is not a cron expression \(.*five, six, or seven.*\); e\.g\. "0 6 \* \* 1" is Mondays at 06:00 \(got "every monday"\)\. It is when `encore serve` syncs shows/,
    );
    const { problems } = inspectConfig({ env: { ENCORE_SHOWS_CRON: '61 * * * *' }, dotenvPath: null });
    expect(problems).toEqual([
      expect.objectContaining({
        variable: 'ENCORE_SHOWS_CRON',
        fatal: true,
        message: expect.stringContaining('Invalid value for minute: 61'),
      }),
    ]);
  });

  it('demands credentials when demo mode is switched off', () => {
    expect(() => load({ ENCORE_DEMO: 'false' })).toThrow(/SPOTIFY_CLIENT_ID is not set/);
  });
});

describe('config problems', () => {
  it('refuses a localhost redirect URI and says why', () => {
    const attempt = () => load({ SPOTIFY_REDIRECT_URI: 'http://localhost:8888/callback' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/Spotify rejects/);
    expect(attempt).toThrow(/http:\/\/127\.0\.0\.1:8888\/callback/);
  });

  it('refuses plain HTTP on a public host', () => {
    expect(() => load({ SPOTIFY_REDIRECT_URI: 'http://example.com/callback' })).toThrow(/only allows HTTPS/);
  });

  it('names the variable and where to get it for a malformed value', () => {
    try {
      load({ SPOTIFY_CLIENT_ID: 'not a valid id!' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as Error).message;
      expect(message).toMatch(/^SPOTIFY_CLIENT_ID must be/);
      expect(message).toContain('developer.spotify.com/dashboard');
    }
    expect(() => load({ ENCORE_PORT: 'eighty' })).toThrow(
      /ENCORE_PORT must be a whole number between 1 and 65535/,
    );
    expect(() => load({ ENCORE_TIMEZONE: 'Mars/Olympus' })).toThrow(/ENCORE_TIMEZONE/);
  });

  it('never echoes a malformed secret and redacts registered secrets', () => {
    let message = '';
    try {
      load({ SPOTIFY_CLIENT_ID: 'abcdef0123456789abcdef0123456789', ENCORE_DEFER_THRESHOLD_SECONDS: '0' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('ENCORE_DEFER_THRESHOLD_SECONDS');
    load({ TICKETMASTER_API_KEY: 'tm-secret-key-123456' });
    expect(redact('calling with tm-secret-key-123456')).toBe('calling with [redacted]');
    expect(redact('Authorization: Bearer abc.def')).toBe('Authorization: Bearer [redacted]');
    expect(redact('refresh_token=xyz&x=1')).toBe('refresh_token=[redacted]&x=1');
  });

  it('names the real limit and keeps the message readable after redaction', () => {
    expect(() => load({ ENCORE_PORT: '70000' })).toThrow(
      /^ENCORE_PORT must be a whole number between 1 and 65535/,
    );
    try {
      load({ SPOTIFY_CLIENT_ID: 'bad id' });
      expect.unreachable();
    } catch (error) {
      const message = (error as Error).message;
      expect(redact(message)).toBe(message);
      expect(redact(message)).not.toContain('[redacted]');
    }
  });

  it('lists every problem at once, including a redirect URI on another port', () => {
    const { config, problems } = inspectConfig({
      env: {
        ENCORE_PORT: '70000',
        ENCORE_LOG_LEVEL: 'loud',
        SPOTIFY_REDIRECT_URI: 'http://127.0.0.1:9999/callback',
      },
      dotenvPath: null,
      cwd: '/srv/encore',
    });
    expect(problems.map((p) => [p.variable, p.fatal])).toEqual([
      ['ENCORE_PORT', true],
      ['ENCORE_LOG_LEVEL', true],
      ['SPOTIFY_REDIRECT_URI', false],
    ]);
    expect(problems[1]!.message).toContain('must be one of debug, info, warn, error');
    expect(problems[2]!.message).toContain('uses port 9999 but the web server listens on ENCORE_PORT=8888');
    expect(config.port).toBe(8888);
    // A mismatch alone does not stop commands (a proxy may sit in between); doctor reports it.
    expect(load({ SPOTIFY_REDIRECT_URI: 'http://127.0.0.1:9999/callback' }).port).toBe(8888);
  });
});

describe('.env files', () => {
  it('reads .env files, with the environment winning', () => {
    const dir = mkdtempSync(join(tmpdir(), 'encore-env-'));
    const path = join(dir, '.env');
    writeFileSync(
      path,
      '# comment\nexport ENCORE_PORT=9100\nENCORE_HOST="0.0.0.0"\nENCORE_TIMEZONE=Europe/Berlin # mine\n',
    );
    expect(readDotenv(path)).toEqual({
      ENCORE_PORT: '9100',
      ENCORE_HOST: '0.0.0.0',
      ENCORE_TIMEZONE: 'Europe/Berlin',
    });
    const config = loadConfig({ env: { ENCORE_PORT: '9200' }, dotenvPath: path, cwd: dir });
    expect(config.port).toBe(9200);
    expect(config.host).toBe('0.0.0.0');
    expect(config.timeZone).toBe('Europe/Berlin');
  });

  it('keeps the setting after a stray line in .env, and the usual quoting rules', () => {
    const dir = mkdtempSync(join(tmpdir(), 'encore-env-'));
    const path = join(dir, '.env');
    writeFileSync(
      path,
      [
        'oops, not a setting',
        'ENCORE_PORT=9100',
        '# a comment',
        "\texport  ENCORE_HOST='0.0.0.0'",
        'MUSICBRAINZ_CONTACT="line one\\nline two" # trailing comment',
        'ENCORE_DATA_DIR = ./spaced ',
        '',
      ].join('\r\n'),
    );
    expect(readDotenv(path)).toEqual({
      ENCORE_PORT: '9100',
      ENCORE_HOST: '0.0.0.0',
      MUSICBRAINZ_CONTACT: 'line one\nline two',
      ENCORE_DATA_DIR: './spaced',
    });
    expect(readDotenv(join(dir, 'missing.env'))).toEqual({});
  });
});
