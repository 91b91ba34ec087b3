import { isAbsolute, join, resolve } from 'node:path';
import { registerSecret } from '../util/redact.ts';
import { readDotenv } from './dotenv.ts';
import { readSecretFiles, SecretFileError } from './secret-files.ts';
import { configSchema, type RawConfig, SETTINGS_HELP } from './schema.ts';
import { ConfigError } from './errors.ts';
import { buildServiceSections, type ServiceSections } from './sections.ts';

/** A configuration problem a user can fix; the message names the variable and the fix. */
export { ConfigError };
export type {
  AlertsConfig,
  CloudConfig,
  EventsConfig,
  ForwardConfig,
  ServiceSections,
  StorageConfig,
} from './sections.ts';

/** Every setting, typed and grouped; its services' and cloud settings come from sections.ts. */
export interface Config extends ServiceSections {
  /** True when no Spotify credentials are set (or ENCORE_DEMO=true): run against the simulators. */
  demo: boolean;
  dataDir: string;
  dbPath: string;
  host: string;
  port: number;
  timeZone: string;
  /** ENCORE_DEFAULT_USER: the account CLI commands use without --user. */
  defaultUser: string | undefined;
  spotify: {
    clientId: string | undefined;
    clientSecret: string | undefined;
    redirectUri: string;
    accountsUrl: string;
    apiUrl: string;
  };
  secretKey: string | undefined;
  capture: {
    activeIntervalMs: number;
    idleMaxIntervalMs: number;
    precise: boolean;
  };
  deferThresholdMs: number;
  jobSecret: string | undefined;
  /** Service-account email whose OIDC bearer token (Cloud Scheduler) may trigger jobs. */
  jobInvoker?: string;
  /** Problems worth a warning line at start (e.g. a world-readable secret file). */
  warnings?: string[];
  log: { level: RawConfig['ENCORE_LOG_LEVEL']; format: RawConfig['ENCORE_LOG_FORMAT'] };
}

export interface LoadOptions {
  env?: Record<string, string | undefined>;
  /** Path of the .env file; default `./.env`. Values in `env` win over it. */
  dotenvPath?: string | null;
  cwd?: string;
}

/** "NAME must be …" / "NAME is not set": no "NAME:" prefix, which log redaction would mistake for a secret. */
export function describeSetting(variable: string, problem: string): string {
  const help = SETTINGS_HELP[variable];
  const phrase = /^not\b/.test(problem) ? `is ${problem}` : problem;
  const parts = [`${variable} ${phrase}.`];
  if (help) parts.push(`It is ${help.what}.`);
  if (help?.where) parts.push(`Where to get it: ${help.where}.`);
  return parts.join(' ');
}

/** One thing wrong with the settings; `fatal` ones stop every command except `doctor`. */
export interface ConfigProblem {
  variable: string;
  message: string;
  fatal: boolean;
}

/** Loads the configuration from the environment and `.env`; throws the first fatal problem. */
export function loadConfig(options: LoadOptions = {}): Config {
  const { config, problems } = inspectConfig(options);
  const fatal = problems.find((p) => p.fatal);
  if (fatal) throw new ConfigError(fatal.message, fatal.variable);
  return config;
}

/**
 * Reads every setting and lists every problem instead of stopping at the first: an
 * invalid value falls back to its default so that `encore doctor` can still show the rest.
 */
export function inspectConfig(options: LoadOptions = {}): { config: Config; problems: ConfigProblem[] } {
  const settings = mergedSettings(options);
  const merged = settings.merged;
  const problems: ConfigProblem[] = [...settings.problems];
  let parsed = configSchema.safeParse(merged);
  for (let round = 0; !parsed.success && round < 50; round++) {
    for (const issue of parsed.error.issues) {
      const variable = String(issue.path[0] ?? 'configuration');
      if (problems.some((p) => p.variable === variable)) continue;
      const shown = SETTINGS_HELP[variable]?.secret ? '' : ` (got "${merged[variable] ?? ''}")`;
      problems.push({
        variable,
        message: describeSetting(variable, `${issue.message}${shown}`),
        fatal: true,
      });
      delete merged[variable];
    }
    parsed = configSchema.safeParse(merged);
  }
  if (!parsed.success) throw new ConfigError(parsed.error.issues[0]?.message ?? 'invalid configuration');
  const raw = parsed.data;
  for (const [key, help] of Object.entries(SETTINGS_HELP)) {
    if (help.secret) registerSecret(raw[key as keyof RawConfig] as string | undefined);
  }
  const config = buildConfig(raw, options.cwd ?? process.cwd(), settings.warnings);
  if (!config.demo && !raw.SPOTIFY_CLIENT_ID) {
    const message = describeSetting(
      'SPOTIFY_CLIENT_ID',
      'is not set (ENCORE_DEMO=false needs real credentials)',
    );
    problems.push({ variable: 'SPOTIFY_CLIENT_ID', message, fatal: true });
  }
  problems.push(...redirectUriProblems(config.spotify.redirectUri, config.port));
  return { config, problems };
}

function mergedSettings(options: LoadOptions): {
  merged: Record<string, string>;
  warnings: string[];
  problems: ConfigProblem[];
} {
  const cwd = options.cwd ?? process.cwd();
  const fileValues = options.dotenvPath === null ? {} : readDotenv(options.dotenvPath ?? join(cwd, '.env'));
  const env = options.env ?? process.env;
  const merged: Record<string, string> = { ...fileValues };
  for (const key of Object.keys(configSchema.shape)) {
    const value = env[key];
    if (value !== undefined) merged[key] = value;
  }
  // An empty value means "not set", as most .env tooling treats it.
  for (const key of Object.keys(merged)) if (merged[key] === '') delete merged[key];
  // Cloud Run (and most container hosts) say which port to listen on in PORT.
  if (merged.ENCORE_PORT === undefined && env.PORT) merged.ENCORE_PORT = env.PORT;
  const secretFiles = readSecretFilesFor({ ...fileValues, ...env, ...merged }, cwd);
  Object.assign(merged, secretFiles.values);
  return { merged, warnings: secretFiles.warnings, problems: secretFiles.problems };
}

function buildConfig(raw: RawConfig, cwd: string, warnings: string[]): Config {
  const demo = raw.ENCORE_DEMO ?? !raw.SPOTIFY_CLIENT_ID;
  const redirectUri = raw.SPOTIFY_REDIRECT_URI ?? `http://127.0.0.1:${raw.ENCORE_PORT}/callback`;
  const dataDir = resolve(cwd, raw.ENCORE_DATA_DIR);
  const dbPath = raw.ENCORE_DB_PATH
    ? isAbsolute(raw.ENCORE_DB_PATH)
      ? raw.ENCORE_DB_PATH
      : resolve(cwd, raw.ENCORE_DB_PATH)
    : join(dataDir, demo ? 'encore-demo.duckdb' : 'encore.duckdb');
  return {
    demo,
    dataDir,
    dbPath,
    host: raw.ENCORE_HOST,
    port: raw.ENCORE_PORT,
    timeZone: raw.ENCORE_TIMEZONE ?? Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC',
    defaultUser: raw.ENCORE_DEFAULT_USER,
    spotify: {
      clientId: raw.SPOTIFY_CLIENT_ID,
      clientSecret: raw.SPOTIFY_CLIENT_SECRET,
      redirectUri,
      accountsUrl: raw.SPOTIFY_ACCOUNTS_URL.replace(/\/$/, ''),
      apiUrl: raw.SPOTIFY_API_URL.replace(/\/$/, ''),
    },
    secretKey: raw.ENCORE_SECRET_KEY,
    capture: {
      activeIntervalMs: raw.ENCORE_POLL_ACTIVE_SECONDS * 1000,
      idleMaxIntervalMs: Math.max(raw.ENCORE_POLL_IDLE_MAX_SECONDS, raw.ENCORE_POLL_ACTIVE_SECONDS) * 1000,
      precise: raw.ENCORE_PRECISE_PLAYS,
    },
    deferThresholdMs: raw.ENCORE_DEFER_THRESHOLD_SECONDS * 1000,
    jobSecret: raw.ENCORE_JOB_SECRET,
    ...(raw.ENCORE_JOB_INVOKER ? { jobInvoker: raw.ENCORE_JOB_INVOKER } : {}),
    warnings,
    log: { level: raw.ENCORE_LOG_LEVEL, format: raw.ENCORE_LOG_FORMAT },
    ...buildServiceSections(raw),
  };
}

/** NAME_FILE for every secret setting (Docker / Cloud Run secret mounts), as ConfigErrors. */
function readSecretFilesFor(
  settings: Record<string, string | undefined>,
  cwd: string,
): { values: Record<string, string>; warnings: string[]; problems: ConfigProblem[] } {
  const secretNames = Object.entries(SETTINGS_HELP)
    .filter(([, help]) => help.secret)
    .map(([name]) => name);
  try {
    return { ...readSecretFiles(settings, secretNames, cwd), problems: [] };
  } catch (error) {
    if (!(error instanceof SecretFileError)) throw error;
    const problem = { variable: error.variable, message: error.message, fatal: true };
    return { values: {}, warnings: [], problems: [problem] };
  }
}

/** Every redirect-URI problem: the fatal ones (Spotify would refuse it) and a port mismatch. */
export function redirectUriProblems(uri: string, serverPort: number): ConfigProblem[] {
  try {
    checkRedirectUri(uri);
  } catch (error) {
    if (error instanceof ConfigError)
      return [{ variable: 'SPOTIFY_REDIRECT_URI', message: error.message, fatal: true }];
    throw error;
  }
  const parsed = new URL(uri);
  const port = Number(parsed.port || (parsed.protocol === 'https:' ? 443 : 80));
  // Behind HTTPS a proxy may forward to another port; on loopback HTTP the browser comes straight back.
  if (parsed.protocol !== 'http:' || port === serverPort) return [];
  const message = describeSetting(
    'SPOTIFY_REDIRECT_URI',
    `uses port ${port} but the web server listens on ENCORE_PORT=${serverPort}, so Spotify would send the browser where encore is not listening; use http://${parsed.host.replace(/:\d+$/, '')}:${serverPort}${parsed.pathname} or change ENCORE_PORT`,
  );
  return [{ variable: 'SPOTIFY_REDIRECT_URI', message, fatal: false }];
}

/**
 * Spotify accepts plain-HTTP redirects only on loopback IP literals; `localhost` is
 * rejected by the dashboard and the authorize endpoint since 2025.
 */
export function checkRedirectUri(uri: string): void {
  let parsed: URL;
  try {
    parsed = new URL(uri);
  } catch {
    throw new ConfigError(
      describeSetting('SPOTIFY_REDIRECT_URI', `"${uri}" is not a URL`),
      'SPOTIFY_REDIRECT_URI',
    );
  }
  if (parsed.hostname === 'localhost' || parsed.hostname.endsWith('.localhost')) {
    throw new ConfigError(
      describeSetting(
        'SPOTIFY_REDIRECT_URI',
        `"${uri}" uses "localhost", which Spotify rejects for redirect URIs; use http://127.0.0.1:${parsed.port || '8888'}${parsed.pathname} instead (and list that exact URI in your Spotify app)`,
      ),
      'SPOTIFY_REDIRECT_URI',
    );
  }
  const loopback = parsed.hostname === '127.0.0.1' || parsed.hostname === '[::1]';
  if (parsed.protocol === 'http:' && !loopback) {
    throw new ConfigError(
      describeSetting(
        'SPOTIFY_REDIRECT_URI',
        `"${uri}" is plain HTTP on a non-loopback host; Spotify only allows HTTPS or http://127.0.0.1:PORT`,
      ),
      'SPOTIFY_REDIRECT_URI',
    );
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new ConfigError(
      describeSetting('SPOTIFY_REDIRECT_URI', `"${uri}" must be http(s)`),
      'SPOTIFY_REDIRECT_URI',
    );
  }
}
