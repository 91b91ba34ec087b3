/**
 * The zip-bomb guard's limits, in their own module so that `encore import --help` can show
 * the default without loading the zip reader.
 */
export interface ZipLimits {
  /** Most entries a zip may hold (Spotify's exports hold a dozen or so). */
  maxEntries: number;
  /** Most bytes all entries may inflate to, together. */
  maxTotalBytes: number;
  /** Most bytes one file may have (no export file comes near; CSV and plain JSON objects are read whole). */
  maxFileBytes: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntries: 10_000,
  maxTotalBytes: 2 * 1024 ** 3,
  maxFileBytes: 512 * 1024 ** 2,
};
