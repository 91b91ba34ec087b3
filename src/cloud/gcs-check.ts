/**
 * `encore doctor`'s Cloud Storage lines: each gs:// setting, where the client will send
 * its requests, and whether the bucket answers — a wrong bucket name (404), a missing
 * IAM role (403) or an endpoint that is down shows up here, not in next week's sync.
 * The probe does not retry (a doctor run must answer in seconds), and it only reads
 * bucket metadata: it never writes an object.
 */
import type { Config } from '../config/config.ts';
import { createStorageClient, gcsEndpoint } from './gcs-client.ts';
import { parseGsUrl } from './gs-url.ts';
import { createGcsObjectStore, type ObjectStore } from './object-store.ts';

export interface CloudCheck {
  /** true: works; false: broken; 'info': not set or nothing to check. */
  ok: boolean | 'info';
  label: string;
  detail: string;
}

export interface CloudCheckOptions {
  /** Default: the GCS adapter from the config, without retries. */
  store?: ObjectStore;
  /** Give up on a bucket that has not answered after this long (default 10 s). */
  timeoutMs?: number;
}

const SETTINGS = [
  {
    name: 'ENCORE_STATE_URL',
    use: 'the database file for Cloud Run',
    value: (c: Config) => c.cloud.stateUrl,
  },
  { name: 'ENCORE_SHOWS_EXPORT', use: 'the weekly shows dataset', value: (c: Config) => c.shows.exportUrl },
] as const;

export async function checkCloudStorage(
  config: Config,
  options: CloudCheckOptions = {},
): Promise<CloudCheck[]> {
  const configured = SETTINGS.filter((s) => s.value(config));
  const checks: CloudCheck[] = SETTINGS.filter((s) => !s.value(config)).map((s) => ({
    ok: 'info',
    label: s.name,
    detail: `not set (optional) — gs://BUCKET/path for ${s.use}`,
  }));
  if (configured.length === 0) return checks;
  const { storage } = config.cloud;
  const endpoint = gcsEndpoint(storage);
  checks.push({
    ok: 'info',
    label: 'Cloud Storage endpoint',
    detail: endpoint
      ? `${endpoint} (emulator or simulator; no Google credentials used)`
      : 'Google Cloud Storage with Application Default Credentials',
  });
  const store =
    options.store ??
    createGcsObjectStore(createStorageClient(storage, { retryOptions: { autoRetry: false, maxRetries: 0 } }));
  for (const setting of configured)
    checks.push(
      await checkSetting(setting.name, setting.value(config)!, store, options.timeoutMs ?? 10_000, endpoint),
    );
  return checks;
}

async function checkSetting(
  name: string,
  value: string,
  store: ObjectStore,
  timeoutMs: number,
  endpoint: string | undefined,
): Promise<CloudCheck> {
  let bucket: string;
  try {
    bucket = parseGsUrl(value, name).bucket;
  } catch (error) {
    return { ok: false, label: name, detail: (error as Error).message };
  }
  try {
    const exists = await withTimeout(store.bucketExists(bucket), timeoutMs, `gs://${bucket}`);
    if (exists) return { ok: true, label: name, detail: `${value} — bucket reachable` };
    return {
      ok: false,
      label: name,
      detail: `${value} — bucket "${bucket}" does not exist (create it with \`gcloud storage buckets create gs://${bucket}\` or fix the name)`,
    };
  } catch (error) {
    const message = (error as Error).message;
    const hint =
      endpoint && /ECONNREFUSED|ENOTFOUND|did not answer/.test(message) ? ` — is ${endpoint} running?` : '';
    return { ok: false, label: name, detail: `${message}${hint}` };
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, location: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`Cannot reach ${location}: it did not answer within ${ms} ms.`)),
      ms,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
