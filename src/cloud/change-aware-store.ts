/**
 * An ObjectStore wrapper for the remote-state runner of `encore serve` that (1) skips the
 * write-back when a run changed nothing and (2) remembers which generation of the bucket's
 * file the local copy is, so web pages know when they are out of date.
 *
 * "Changed nothing" is decided on the bytes: DuckDB leaves a checkpointed file untouched
 * when a connection only reads (migrations already applied, no INSERT/UPDATE), so the file
 * after the run hashes the same as the download. Skipping that upload keeps the generation
 * unchanged, so other instances have nothing new to download and no race is lost over a
 * page view or a form that was refused.
 *
 * Only runs that opt in (`skipIfUnchanged()` during the attempt) are skipped: web requests.
 * Job runs keep writing back every time, as their overlap handling and tests expect.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { ObjectStore } from './object-store.ts';

export interface ChangeAwareStore extends ObjectStore {
  /** The generation of the last file downloaded-and-kept or uploaded; undefined before the first run. */
  readonly savedGeneration: number | undefined;
  /** How many write-backs were skipped because the run changed nothing (logs and tests). */
  readonly skippedUploads: number;
  /** Called during an attempt: its upload is skipped if the file is unchanged (reset after each upload). */
  skipIfUnchanged(): void;
}

interface Downloaded {
  path: string;
  generation: number;
  hash: string;
}

export function changeAwareStore(inner: ObjectStore): ChangeAwareStore {
  // Runs in one process take turns (remote-jobs.ts), so only the latest download matters.
  let last: Downloaded | undefined;
  let saved: number | undefined;
  let skipped = 0;
  let optedIn = false;
  return {
    get savedGeneration() {
      return saved;
    },
    get skippedUploads() {
      return skipped;
    },
    skipIfUnchanged() {
      optedIn = true;
    },
    async download(bucket, object, path) {
      optedIn = false; // a new attempt: it opts in again if it is a web run
      const generation = await inner.download(bucket, object, path);
      // Generation 0: nothing to download, so any file the run creates is a change.
      last = generation > 0 ? { path, generation, hash: await fileHash(path) } : undefined;
      return generation;
    },
    async upload(bucket, object, path, options) {
      const before = optedIn && last?.path === path ? last : undefined;
      last = undefined;
      optedIn = false;
      if (before && options.ifGeneration === before.generation && (await fileHash(path)) === before.hash) {
        skipped++;
        saved = before.generation;
        return before.generation;
      }
      const generation = await inner.upload(bucket, object, path, options);
      saved = generation;
      return generation;
    },
    bucketExists: (bucket) => inner.bucketExists(bucket),
  };
}

function fileHash(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}
