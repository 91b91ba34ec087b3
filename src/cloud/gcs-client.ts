/**
 * Builds the official `@google-cloud/storage` client from encore's settings. With
 * ENCORE_GCS_ENDPOINT (or the emulator convention STORAGE_EMULATOR_HOST) it talks to that
 * endpoint without Google credentials — the simulator, or an emulator; otherwise it uses
 * Application Default Credentials (the Cloud Run service account).
 */
import { Storage } from '@google-cloud/storage';
import type { RawConfig } from '../config/schema.ts';

type GcsSettings = Pick<RawConfig, 'ENCORE_GCS_ENDPOINT' | 'STORAGE_EMULATOR_HOST'>;

export function gcsEndpoint(raw: GcsSettings): string | undefined {
  const value = raw.ENCORE_GCS_ENDPOINT ?? raw.STORAGE_EMULATOR_HOST;
  if (!value) return undefined;
  const withScheme = /^https?:\/\//.test(value) ? value : `http://${value}`;
  return withScheme.replace(/\/+$/, '');
}

export function createStorageClient(raw: GcsSettings): Storage {
  const apiEndpoint = gcsEndpoint(raw);
  // A custom endpoint with a project id skips Google auth; the project name is not checked.
  return apiEndpoint ? new Storage({ apiEndpoint, projectId: 'encore-local' }) : new Storage();
}
