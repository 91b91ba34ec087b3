/**
 * Builds the official `@google-cloud/storage` client from encore's settings. With
 * ENCORE_GCS_ENDPOINT (or the emulator convention STORAGE_EMULATOR_HOST) it talks to that
 * endpoint without Google credentials — the simulator, or an emulator; otherwise it uses
 * Application Default Credentials (the Cloud Run service account).
 */
import { Storage, type StorageOptions } from '@google-cloud/storage';
import type { StorageConfig } from '../config/config.ts';

/** `config.cloud.storage`: undefined = Google Cloud Storage itself. */
export function gcsEndpoint(settings: StorageConfig): string | undefined {
  const value = settings.gcsEndpoint ?? settings.emulatorHost;
  if (!value) return undefined;
  const withScheme = /^https?:\/\//.test(value) ? value : `http://${value}`;
  return withScheme.replace(/\/+$/, '');
}

/** `extra`: client options for one use (e.g. the doctor's no-retry probe). */
export function createStorageClient(settings: StorageConfig, extra: StorageOptions = {}): Storage {
  const apiEndpoint = gcsEndpoint(settings);
  if (!apiEndpoint) return new Storage(extra);
  // With a custom endpoint, a project id and auth explicitly off, the client never asks
  // google-auth for a token or a project: nothing probes the GCE metadata server
  // (169.254.169.254) — on a laptop that probe only times out and prints a warning.
  const storage = new Storage({
    ...extra,
    apiEndpoint,
    projectId: 'encore-local',
    useAuthWithCustomEndpoint: false,
  });
  // The client also reads STORAGE_EMULATOR_HOST itself and uses it verbatim as its JSON API
  // base URL (no scheme added, no /storage/v1), so "host:port" would break every metadata
  // call; pin the base URL to the endpoint we resolved.
  storage.baseUrl = `${apiEndpoint}/storage/v1`;
  return storage;
}
