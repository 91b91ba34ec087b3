/**
 * The little of Cloud Storage that encore needs, behind one interface: read an object
 * with its generation, write one only if the generation is still the one we read
 * (optimistic locking), and check that a bucket answers. The GCS adapter turns the
 * client's errors into messages that say what to fix.
 */
import type { Storage } from '@google-cloud/storage';
import { gcsStatus } from './gcs-errors.ts';

export interface ObjectStore {
  /** Downloads to `path`; returns the object's generation, or 0 when it does not exist yet. */
  download(bucket: string, object: string, path: string): Promise<number>;
  /**
   * Uploads `path`; `ifGeneration` 0 means "only if it still does not exist".
   * Throws `PreconditionFailedError` when someone else wrote first.
   */
  upload(bucket: string, object: string, path: string, options: UploadOptions): Promise<number>;
  bucketExists(bucket: string): Promise<boolean>;
}

export interface UploadOptions {
  ifGeneration?: number;
  contentType?: string;
}

/** Another writer replaced the object since we read it (HTTP 412). */
export class PreconditionFailedError extends Error {
  constructor(readonly location: string) {
    super(`${location} changed since it was read (another run wrote first)`);
    this.name = 'PreconditionFailedError';
  }
}

/** A Cloud Storage failure with what to do next. */
export class CloudStorageError extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
  ) {
    super(message);
    this.name = 'CloudStorageError';
  }
}

export function describeGcsFailure(error: unknown, location: string, action: string): CloudStorageError {
  const status = gcsStatus(error);
  const bucket = /^gs:\/\/([^/]+)/.exec(location)?.[1] ?? location;
  if (status === 404)
    return new CloudStorageError(
      `Cannot ${action} ${location}: bucket "${bucket}" does not exist (create it with \`gcloud storage buckets create gs://${bucket}\` or fix the name).`,
      status,
    );
  if (status === 403 || status === 401)
    return new CloudStorageError(
      `Cannot ${action} ${location}: permission denied — give the service account roles/storage.objectAdmin on gs://${bucket}.`,
      status,
    );
  const detail = status ? `HTTP ${status}` : ((error as Error)?.message ?? String(error));
  return new CloudStorageError(`Cannot ${action} ${location}: ${detail}.`, status);
}

export function createGcsObjectStore(storage: Storage): ObjectStore {
  return {
    async download(bucket, object, path) {
      const file = storage.bucket(bucket).file(object);
      const location = `gs://${bucket}/${object}`;
      let generation: number;
      try {
        const [meta] = await file.getMetadata();
        generation = Number(meta.generation);
      } catch (error) {
        if (gcsStatus(error) === 404 && (await this.bucketExists(bucket))) return 0;
        throw describeGcsFailure(error, location, 'read');
      }
      try {
        // Pin the generation read above, so the bytes and the number always belong together.
        await storage.bucket(bucket).file(object, { generation }).download({ destination: path });
      } catch (error) {
        // Replaced between the two calls: the caller sees it as a lost race and starts over.
        if (gcsStatus(error) === 404) throw new PreconditionFailedError(location);
        throw describeGcsFailure(error, location, 'read');
      }
      return generation;
    },
    async upload(bucket, object, path, options) {
      const location = `gs://${bucket}/${object}`;
      try {
        const [file] = await storage.bucket(bucket).upload(path, {
          destination: object,
          resumable: true,
          ...(options.contentType ? { contentType: options.contentType } : {}),
          ...(options.ifGeneration !== undefined
            ? { preconditionOpts: { ifGenerationMatch: options.ifGeneration } }
            : {}),
        });
        return Number(file.metadata.generation);
      } catch (error) {
        if (gcsStatus(error) === 412) throw new PreconditionFailedError(location);
        throw describeGcsFailure(error, location, 'write');
      }
    },
    async bucketExists(bucket) {
      try {
        const [exists] = await storage.bucket(bucket).exists();
        return exists;
      } catch (error) {
        throw describeGcsFailure(error, `gs://${bucket}`, 'reach');
      }
    },
  };
}
