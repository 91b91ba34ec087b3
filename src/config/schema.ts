import { Cron } from 'croner';
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
  ENCORE_JOB_INVOKER: {
    what: 'the service-account email whose Cloud Scheduler OIDC token may call the job endpoints (Cloud Run checks the signature)',
    where:
      'the invoker service account deploy/gcp/deploy.sh creates, e.g. encore-scheduler@PROJECT.iam.gserviceaccount.com',
  },
  ENCORE_SCHEDULER: {
    what: 'internal (encore serve runs its jobs on a timer) or external (only POST /jobs/<name> runs them, e.g. Cloud Scheduler on Cloud Run)',
  },
  ENCORE_LOG_LEVEL: { what: 'debug, info, warn or error' },
  ENCORE_LOG_FORMAT: { what: 'text (timestamped lines) or json (Google Cloud Logging fields)' },
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
  ENCORE_DEFAULT_USER: {
    what: 'the account CLI commands use when --user is not given (account id or display name)',
    where: '`encore status` lists the connected accounts',
  },
  ENCORE_WAREHOUSE: {
    what: 'an optional BigQuery dataset that receives every new play, as bigquery://PROJECT/DATASET',
    where: 'create a Google Cloud project, then see the "BigQuery warehouse" section of the README',
  },
  ENCORE_BIGQUERY_ENDPOINT: { what: 'base URL of the BigQuery API (change only for the simulator)' },
  ENCORE_SECURE_COOKIES: {
    what: 'mark web session cookies Secure (true behind HTTPS); unset = decide per request from X-Forwarded-Proto',
  },
  ENCORE_STATE_URL: {
    what: 'where the DuckDB file lives between Cloud Run job runs, e.g. gs://my-bucket/encore.duckdb (optional)',
    where:
      'create the bucket with `gcloud storage buckets create gs://my-bucket`; see "Cloud Storage" in the README',
  },
  ENCORE_STATE_MAX_AGE_SECONDS: {
    what: 'with ENCORE_STATE_URL: how old (seconds) the copy web pages read may be before encore checks the bucket for a newer file',
  },
  ENCORE_SHOWS_EXPORT: {
    what: 'where each weekly shows sync writes the shows dataset, e.g. gs://my-bucket/shows.csv or .parquet (optional)',
  },
  ENCORE_GCS_ENDPOINT: {
    what: 'Cloud Storage endpoint (change only for the simulator or an emulator, e.g. http://127.0.0.1:4443)',
  },
  STORAGE_EMULATOR_HOST: { what: 'the emulator convention for ENCORE_GCS_ENDPOINT (host:port or URL)' },
  ENCORE_ALERT_MIN_PLAYS: {
    what: 'default plays of an artist that make a show of theirs an alert (0 = plays do not count); `encore alerts set` overrides per account',
  },
  ENCORE_ALERT_MIN_MINUTES: {
    what: 'default minutes of listening to an artist that make a show of theirs an alert (optional)',
  },
  ENCORE_ALERT_WEBHOOK: {
    what: 'URL that receives a POST for every new show alert (optional; ntfy, Gotify, Discord or your own)',
    secret: true,
  },
  ENCORE_ALERT_WEBHOOK_FORMAT: { what: 'json, discord or ntfy: the body the alert webhook gets' },
  ENCORE_ALERT_WEBHOOK_TIMEOUT_SECONDS: {
    what: 'how long one alert webhook call may take before it is retried next sync',
  },
  LISTENBRAINZ_API_URL: { what: 'base URL of the ListenBrainz API (change only for the simulator)' },
  LASTFM_API_URL: { what: 'the Last.fm API endpoint (change only for the simulator)' },
  LASTFM_AUTH_URL: {
    what: 'the Last.fm page where you allow encore to scrobble (change only for the simulator)',
  },
  LASTFM_API_KEY: {
    what: 'a Last.fm API key (needed to forward plays to Last.fm)',
    where: 'create an API account at https://www.last.fm/api/account/create and copy its API key',
    secret: true,
  },
  LASTFM_API_SECRET: {
    what: 'the shared secret of your Last.fm API account (signs every call)',
    where: 'shown next to the API key on https://www.last.fm/api/accounts',
    secret: true,
  },
};

// Messages read as the rest of "NAME …" ("ENCORE_PORT must be between 1 and 65535").
const bool = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'], { message: 'must be true or false' })
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

const optionalSecret = z.string().trim().min(1).optional();
const url = z.url({ message: 'must be a URL like https://example.com' });
const int = (min: number, max: number) => {
  const message = `must be a whole number between ${min} and ${max}`;
  return z.coerce.number({ message }).int({ message }).min(min, { message }).max(max, { message });
};
const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { message: `must be one of ${values.join(', ')}` });

/** The real MusicBrainz API; demo mode swaps in the simulator only when this default is in use. */
export const DEFAULT_MUSICBRAINZ_URL = 'https://musicbrainz.org/ws/2';

export const configSchema = z.object({
  SPOTIFY_CLIENT_ID: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{8,64}$/, { message: 'must be the 32-character Client ID of your Spotify app' })
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
    .refine(isValidTimeZone, { message: 'must be an IANA time zone such as Europe/Berlin' })
    .optional(),
  ENCORE_POLL_ACTIVE_SECONDS: int(30, 3600).default(150),
  ENCORE_POLL_IDLE_MAX_SECONDS: int(60, 3600).default(1200),
  ENCORE_PRECISE_PLAYS: bool.default(false),
  ENCORE_DEFER_THRESHOLD_SECONDS: int(1, 86400).default(60),
  ENCORE_JOB_SECRET: optionalSecret,
  ENCORE_JOB_INVOKER: z.email({ message: 'must be a service-account email' }).optional(),
  ENCORE_SCHEDULER: oneOf(['internal', 'external']).default('internal'),
  ENCORE_LOG_LEVEL: oneOf(['debug', 'info', 'warn', 'error']).default('info'),
  ENCORE_LOG_FORMAT: oneOf(['text', 'json']).default('text'),
  ENCORE_DEMO: bool.optional(),
  TICKETMASTER_API_KEY: optionalSecret,
  TICKETMASTER_API_URL: url.default('https://app.ticketmaster.com/discovery/v2'),
  SEATGEEK_CLIENT_ID: optionalSecret,
  SEATGEEK_CLIENT_SECRET: optionalSecret,
  SEATGEEK_API_URL: url.default('https://api.seatgeek.com/2'),
  SETLISTFM_API_KEY: optionalSecret,
  SETLISTFM_API_URL: url.default('https://api.setlist.fm/rest/1.0'),
  MUSICBRAINZ_API_URL: url.default(DEFAULT_MUSICBRAINZ_URL),
  MUSICBRAINZ_CONTACT: z.string().default('https://github.com/encore-music/encore'),
  ENCORE_SHOWS_CRON: z.string().superRefine(checkCron).default('0 6 * * 1'),
  ENCORE_RESOLVE_DAILY_BUDGET: int(0, 100_000).default(500),
  ENCORE_SECURE_COOKIES: bool.optional(),
  ENCORE_STATE_URL: z
    .string()
    .trim()
    .regex(/^gs:\/\/[a-z0-9][a-z0-9._-]{1,61}[a-z0-9]\/\S.*[^/]$/, {
      message: 'must look like gs://BUCKET/path/encore.duckdb',
    })
    .optional(),
  ENCORE_STATE_MAX_AGE_SECONDS: int(0, 3600).default(10),
  ENCORE_SHOWS_EXPORT: z
    .string()
    .trim()
    .regex(/^gs:\/\/[a-z0-9][a-z0-9._-]{1,61}[a-z0-9]\/\S.*\.(csv|parquet)$/, {
      message: 'must look like gs://BUCKET/path/shows.csv (or .parquet)',
    })
    .optional(),
  ENCORE_GCS_ENDPOINT: url.optional(),
  STORAGE_EMULATOR_HOST: z.string().trim().optional(),
  // 0 turns a measure off (null), so `ENCORE_ALERT_MIN_PLAYS=0` with minutes set alerts by minutes only.
  ENCORE_ALERT_MIN_PLAYS: int(0, 1_000_000)
    .default(10)
    .transform((n) => (n === 0 ? null : n)),
  ENCORE_ALERT_MIN_MINUTES: int(0, 10_000_000)
    .optional()
    .transform((n) => (n ? n : null)),
  ENCORE_ALERT_WEBHOOK: url.optional(),
  ENCORE_ALERT_WEBHOOK_FORMAT: z.enum(['json', 'discord', 'ntfy']).default('json'),
  ENCORE_ALERT_WEBHOOK_TIMEOUT_SECONDS: int(1, 60).default(5),
  ENCORE_DEFAULT_USER: z.string().trim().min(1).optional(),
  LISTENBRAINZ_API_URL: url.default('https://api.listenbrainz.org'),
  LASTFM_API_URL: url.default('https://ws.audioscrobbler.com/2.0/'),
  LASTFM_AUTH_URL: url.default('https://www.last.fm/api/auth/'),
  LASTFM_API_KEY: optionalSecret,
  LASTFM_API_SECRET: optionalSecret,
  // Validated by src/warehouse/target.ts, which knows BigQuery's naming rules.
  ENCORE_WAREHOUSE: z.string().trim().optional(),
  ENCORE_BIGQUERY_ENDPOINT: z.string().trim().optional(),
});

export type RawConfig = z.infer<typeof configSchema>;

/** Croner's own reason, so "Invalid value for minute: 61" reaches the user. */
function checkCron(pattern: string, ctx: z.RefinementCtx): void {
  try {
    // Paused and without a function: parses the pattern, schedules nothing.
    new Cron(pattern, { paused: true });
  } catch (error) {
    ctx.addIssue({
      code: 'custom',
      message: `is not a cron expression (${(error as Error).message}); e.g. "0 6 * * 1" is Mondays at 06:00`,
    });
  }
}

export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
