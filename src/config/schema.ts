import { z } from 'zod';

/**
 * Every setting encore reads, in one schema. Each entry says what it is and where a user
 * gets it; `describeSetting` turns that into the one-line error a user sees.
 */
export interface SettingHelp {
  what: string;
  where?: string;
  secret?: boolean;
}

export const SETTINGS_HELP: Record<string, SettingHelp> = {
  SPOTIFY_CLIENT_ID: {
    what: 'the Client ID of your Spotify app',
    where:
      'create an app at https://developer.spotify.com/dashboard, add the redirect URI shown by `encore doctor`, then copy its Client ID',
  },
  SPOTIFY_CLIENT_SECRET: {
    what: 'the Client Secret of your Spotify app (optional: encore uses PKCE and does not need it)',
    where: 'the same app page on https://developer.spotify.com/dashboard',
    secret: true,
  },
  SPOTIFY_REDIRECT_URI: {
    what: 'where Spotify sends the browser back after you connect an account',
    where: 'must be a loopback address like http://127.0.0.1:8888/callback and be listed in your Spotify app',
  },
  SPOTIFY_ACCOUNTS_URL: { what: 'base URL of the Spotify accounts service (change only for the simulator)' },
  SPOTIFY_API_URL: { what: 'base URL of the Spotify Web API (change only for the simulator)' },
  ENCORE_SECRET_KEY: {
    what: 'the key that encrypts stored Spotify tokens (32 bytes, base64 or hex)',
    where:
      'generate one with `openssl rand -base64 32`, or leave it unset and encore keeps a key file in the data folder',
    secret: true,
  },
  ENCORE_DATA_DIR: { what: 'the folder for the database, key file and exports' },
  ENCORE_DB_PATH: { what: 'the DuckDB database file' },
  ENCORE_HOST: { what: 'the address the web server binds (127.0.0.1 unless you know why not)' },
  ENCORE_PORT: { what: 'the port of the web server' },
  ENCORE_TIMEZONE: {
    what: 'your IANA time zone, e.g. Europe/Berlin',
    where: 'see `timedatectl` or https://en.wikipedia.org/wiki/List_of_tz_database_time_zones',
  },
  ENCORE_POLL_ACTIVE_SECONDS: { what: 'seconds between polls while you are listening' },
  ENCORE_POLL_IDLE_MAX_SECONDS: { what: 'the longest pause between polls while you are idle' },
  ENCORE_PRECISE_PLAYS: { what: 'sample currently-playing to measure play length (costs API calls)' },
  ENCORE_DEFER_THRESHOLD_SECONDS: {
    what: 'a Retry-After longer than this defers the job instead of waiting',
  },
  ENCORE_JOB_SECRET: {
    what: 'bearer secret for the job-trigger endpoints an external scheduler calls',
    secret: true,
  },
  ENCORE_LOG_LEVEL: { what: 'debug, info, warn or error' },
  ENCORE_LOG_FORMAT: { what: 'text or json' },
  ENCORE_DEMO: { what: 'force demo mode (simulated Spotify) on or off' },
  TICKETMASTER_API_KEY: {
    what: 'a Ticketmaster Discovery API key (the default concert source)',
    where: 'sign up at https://developer-acct.ticketmaster.com/ and copy the Consumer Key of your app',
    secret: true,
  },
  TICKETMASTER_API_URL: {
    what: 'base URL of the Ticketmaster Discovery API (change only for the simulator)',
  },
  SEATGEEK_CLIENT_ID: {
    what: 'a SeatGeek client id (optional second concert source)',
    where:
      'https://seatgeek.com/account/develop — new accounts often stay "pending approval"; encore works without it',
    secret: true,
  },
  SEATGEEK_CLIENT_SECRET: { what: 'a SeatGeek client secret (optional)', secret: true },
  SEATGEEK_API_URL: { what: 'base URL of the SeatGeek API (change only for the simulator)' },
  SETLISTFM_API_KEY: {
    what: 'a setlist.fm API key (songs artists play live)',
    where: 'apply at https://www.setlist.fm/settings/api (free for non-commercial use)',
    secret: true,
  },
  SETLISTFM_API_URL: { what: 'base URL of the setlist.fm API (change only for the simulator)' },
  MUSICBRAINZ_API_URL: { what: 'base URL of the MusicBrainz API (change only for the simulator)' },
  MUSICBRAINZ_CONTACT: { what: 'a contact (email or URL) for the MusicBrainz User-Agent header' },
  ENCORE_SHOWS_CRON: {
    what: 'when `encore serve` syncs shows and refreshes playlists (cron, in your time zone)',
  },
  ENCORE_RESOLVE_DAILY_BUDGET: {
    what: 'how many Spotify calls `encore resolve` may make per run (and `encore serve` once a day) to fill in imported plays',
  },
  ENCORE_WAREHOUSE: {
    what: 'an optional BigQuery dataset that receives every new play, as bigquery://PROJECT/DATASET',
    where: 'create a Google Cloud project, then see the "BigQuery warehouse" section of the README',
  },
  ENCORE_BIGQUERY_ENDPOINT: { what: 'base URL of the BigQuery API (change only for the simulator)' },
  ENCORE_SECURE_COOKIES: {
    what: 'mark web session cookies Secure (true behind HTTPS); unset = decide per request from X-Forwarded-Proto',
  },
};

const bool = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'], { message: 'expected true or false' })
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

const optionalSecret = z.string().trim().min(1).optional();
const url = z.url({ message: 'expected a URL like https://example.com' });
const int = (min: number, max: number) =>
  z.coerce.number({ message: 'expected a number' }).int().min(min).max(max);

export const configSchema = z.object({
  SPOTIFY_CLIENT_ID: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{8,64}$/, { message: 'expected the 32-character Client ID of your Spotify app' })
    .optional(),
  SPOTIFY_CLIENT_SECRET: optionalSecret,
  SPOTIFY_REDIRECT_URI: url.optional(),
  SPOTIFY_ACCOUNTS_URL: url.default('https://accounts.spotify.com'),
  SPOTIFY_API_URL: url.default('https://api.spotify.com/v1'),
  ENCORE_SECRET_KEY: optionalSecret,
  ENCORE_DATA_DIR: z.string().default('./data'),
  ENCORE_DB_PATH: z.string().optional(),
  ENCORE_HOST: z.string().default('127.0.0.1'),
  ENCORE_PORT: int(1, 65535).default(8888),
  ENCORE_TIMEZONE: z
    .string()
    .refine(isValidTimeZone, { message: 'expected an IANA time zone such as Europe/Berlin' })
    .optional(),
  ENCORE_POLL_ACTIVE_SECONDS: int(30, 3600).default(150),
  ENCORE_POLL_IDLE_MAX_SECONDS: int(60, 3600).default(1200),
  ENCORE_PRECISE_PLAYS: bool.default(false),
  ENCORE_DEFER_THRESHOLD_SECONDS: int(1, 86400).default(60),
  ENCORE_JOB_SECRET: optionalSecret,
  ENCORE_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  ENCORE_LOG_FORMAT: z.enum(['text', 'json']).default('text'),
  ENCORE_DEMO: bool.optional(),
  TICKETMASTER_API_KEY: optionalSecret,
  TICKETMASTER_API_URL: url.default('https://app.ticketmaster.com/discovery/v2'),
  SEATGEEK_CLIENT_ID: optionalSecret,
  SEATGEEK_CLIENT_SECRET: optionalSecret,
  SEATGEEK_API_URL: url.default('https://api.seatgeek.com/2'),
  SETLISTFM_API_KEY: optionalSecret,
  SETLISTFM_API_URL: url.default('https://api.setlist.fm/rest/1.0'),
  MUSICBRAINZ_API_URL: url.default('https://musicbrainz.org/ws/2'),
  MUSICBRAINZ_CONTACT: z.string().default('https://github.com/encore-music/encore'),
  ENCORE_SHOWS_CRON: z.string().default('0 6 * * 1'),
  ENCORE_RESOLVE_DAILY_BUDGET: int(0, 100_000).default(500),
  ENCORE_SECURE_COOKIES: bool.optional(),
  // Validated by src/warehouse/target.ts, which knows BigQuery's naming rules.
  ENCORE_WAREHOUSE: z.string().trim().optional(),
  ENCORE_BIGQUERY_ENDPOINT: z.string().trim().optional(),
});

export type RawConfig = z.infer<typeof configSchema>;

export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
