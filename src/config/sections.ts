/**
 * The typed sections of `Config` for encore's services and cloud settings, built from
 * the parsed settings. Code outside src/config/ reads these, never the raw settings, so
 * a setting's name lives in the schema and here only.
 */
import type { RawConfig } from './schema.ts';

export interface EventsConfig {
  ticketmaster: { apiKey?: string; apiUrl: string };
  seatgeek: { clientId?: string; clientSecret?: string; apiUrl: string };
  setlistfm: { apiKey?: string; apiUrl: string };
}

export interface AlertsConfig {
  /** ENCORE_ALERT_MIN_PLAYS; null when 0 (plays do not count). */
  minPlays: number | null;
  /** ENCORE_ALERT_MIN_MINUTES; null when unset or 0. */
  minMinutes: number | null;
  /** ENCORE_ALERT_WEBHOOK and its format and timeout; null when no webhook is set. */
  webhook: { url: string; format: RawConfig['ENCORE_ALERT_WEBHOOK_FORMAT']; timeoutMs: number } | null;
}

/** What the Cloud Storage client needs (src/cloud/gcs-client.ts). */
export interface StorageConfig {
  /** ENCORE_GCS_ENDPOINT. */
  gcsEndpoint?: string;
  /** STORAGE_EMULATOR_HOST, the emulator convention (host:port or URL). */
  emulatorHost?: string;
}

export interface CloudConfig {
  /** ENCORE_STATE_URL: gs://BUCKET/path of the DuckDB file between Cloud Run runs. */
  stateUrl?: string;
  stateMaxAgeSeconds: number;
  storage: StorageConfig;
}

export interface ForwardConfig {
  listenbrainzApiUrl: string;
  lastfmApiUrl: string;
  lastfmAuthUrl: string;
  lastfmApiKey?: string;
  lastfmApiSecret?: string;
}

export interface ServiceSections {
  musicbrainz: { apiUrl: string; contact: string };
  resolve: { dailyBudget: number };
  shows: { cron: string; exportUrl: string | undefined };
  scheduler: RawConfig['ENCORE_SCHEDULER'];
  events: EventsConfig;
  alerts: AlertsConfig;
  cloud: CloudConfig;
  /** ENCORE_WAREHOUSE as written; src/warehouse/target.ts parses it (and names the setting in errors). */
  warehouse: { setting?: string; bigqueryEndpoint?: string };
  forward: ForwardConfig;
  /** ENCORE_SECURE_COOKIES; undefined = decide per request from X-Forwarded-Proto. */
  web: { secureCookies: boolean | undefined };
}

export function buildServiceSections(raw: RawConfig): ServiceSections {
  return {
    musicbrainz: { apiUrl: raw.MUSICBRAINZ_API_URL, contact: raw.MUSICBRAINZ_CONTACT },
    resolve: { dailyBudget: raw.ENCORE_RESOLVE_DAILY_BUDGET },
    shows: { cron: raw.ENCORE_SHOWS_CRON, exportUrl: raw.ENCORE_SHOWS_EXPORT },
    scheduler: raw.ENCORE_SCHEDULER,
    events: {
      ticketmaster: { apiKey: raw.TICKETMASTER_API_KEY, apiUrl: raw.TICKETMASTER_API_URL },
      seatgeek: {
        clientId: raw.SEATGEEK_CLIENT_ID,
        clientSecret: raw.SEATGEEK_CLIENT_SECRET,
        apiUrl: raw.SEATGEEK_API_URL,
      },
      setlistfm: { apiKey: raw.SETLISTFM_API_KEY, apiUrl: raw.SETLISTFM_API_URL },
    },
    alerts: alertsSection(raw),
    cloud: {
      stateUrl: raw.ENCORE_STATE_URL,
      stateMaxAgeSeconds: raw.ENCORE_STATE_MAX_AGE_SECONDS,
      storage: { gcsEndpoint: raw.ENCORE_GCS_ENDPOINT, emulatorHost: raw.STORAGE_EMULATOR_HOST },
    },
    warehouse: { setting: raw.ENCORE_WAREHOUSE, bigqueryEndpoint: raw.ENCORE_BIGQUERY_ENDPOINT },
    forward: {
      listenbrainzApiUrl: raw.LISTENBRAINZ_API_URL,
      lastfmApiUrl: raw.LASTFM_API_URL,
      lastfmAuthUrl: raw.LASTFM_AUTH_URL,
      lastfmApiKey: raw.LASTFM_API_KEY,
      lastfmApiSecret: raw.LASTFM_API_SECRET,
    },
    web: { secureCookies: raw.ENCORE_SECURE_COOKIES },
  };
}

function alertsSection(raw: RawConfig): AlertsConfig {
  return {
    minPlays: raw.ENCORE_ALERT_MIN_PLAYS ?? null,
    minMinutes: raw.ENCORE_ALERT_MIN_MINUTES ?? null,
    webhook: raw.ENCORE_ALERT_WEBHOOK
      ? {
          url: raw.ENCORE_ALERT_WEBHOOK,
          format: raw.ENCORE_ALERT_WEBHOOK_FORMAT,
          timeoutMs: raw.ENCORE_ALERT_WEBHOOK_TIMEOUT_SECONDS * 1000,
        }
      : null,
  };
}
