/**
 * The Cloud Storage simulator's state: buckets holding objects with generations, and the
 * object resource shape the JSON API returns (size as a string, md5Hash and crc32c in
 * base64 — the real client checks the crc32c of every upload and download against them).
 */
import { createHash } from 'node:crypto';

export interface StoredObject {
  name: string;
  bucket: string;
  generation: number;
  contentType: string;
  data: Buffer;
  metadata: Record<string, string>;
  created: string;
}

export interface GcsFault {
  /** HTTP status to answer (5xx for outages). */
  status: number;
  /** How many requests it answers before going away. */
  remaining: number;
}

/** An upload the simulator holds until the test releases it (to make two writers overlap). */
export interface UploadHold {
  /** Resolves when an upload request arrived and is being held. */
  reached: Promise<void>;
  release(): void;
}

interface PendingHold {
  arrived(): void;
  released: Promise<void>;
}

export interface GcsSimState {
  buckets: Map<string, Map<string, StoredObject>>;
  /** Buckets whose every request is answered 403 (a missing IAM role). */
  denied: Set<string>;
  faults: GcsFault[];
  /** Every request the simulator saw, for tests and benches. */
  requests: { method: string; path: string; query: Record<string, string>; status: number }[];
  nextGeneration(): number;
  createBucket(name: string): void;
  deny(bucket: string): void;
  allow(bucket: string): void;
  /** The next `count` requests answer `status` (default 503). */
  failNext(count: number, status?: number): void;
  /** Holds the next upload request (the start of a write) until `release()`. */
  holdNextUpload(): UploadHold;
  /** Held uploads not yet arrived, first first (the app takes them). */
  holds: PendingHold[];
}

export function createGcsSimState(options: { buckets?: string[] } = {}): GcsSimState {
  // Generations grow like the real ones (microsecond timestamps): never reused, never equal.
  let last = Date.now() * 1000;
  const state: GcsSimState = {
    buckets: new Map(),
    denied: new Set(),
    faults: [],
    requests: [],
    nextGeneration: () => {
      last = Math.max(last + 1, Date.now() * 1000);
      return last;
    },
    createBucket: (name) => {
      if (!state.buckets.has(name)) state.buckets.set(name, new Map());
    },
    deny: (bucket) => void state.denied.add(bucket),
    allow: (bucket) => void state.denied.delete(bucket),
    failNext: (count, status = 503) => void state.faults.push({ status, remaining: count }),
    holds: [],
    holdNextUpload: () => {
      let arrived = () => {};
      let release = () => {};
      const reached = new Promise<void>((resolve) => (arrived = resolve));
      const released = new Promise<void>((resolve) => (release = resolve));
      state.holds.push({ arrived, released });
      return { reached, release };
    },
  };
  for (const name of options.buckets ?? []) state.createBucket(name);
  return state;
}

/** The JSON API's object resource. */
export function objectResource(origin: string, o: StoredObject): Record<string, unknown> {
  const path = `b/${encodeURIComponent(o.bucket)}/o/${encodeURIComponent(o.name)}`;
  return {
    kind: 'storage#object',
    id: `${o.bucket}/${o.name}/${o.generation}`,
    selfLink: `${origin}/storage/v1/${path}`,
    mediaLink: `${origin}/download/storage/v1/${path}?generation=${o.generation}&alt=media`,
    name: o.name,
    bucket: o.bucket,
    generation: String(o.generation),
    metageneration: '1',
    contentType: o.contentType,
    storageClass: 'STANDARD',
    size: String(o.data.length),
    md5Hash: md5Base64(o.data),
    crc32c: crc32cBase64(o.data),
    etag: `${o.generation}`,
    timeCreated: o.created,
    updated: o.created,
    ...(Object.keys(o.metadata).length > 0 ? { metadata: o.metadata } : {}),
  };
}

export function md5Base64(data: Buffer): string {
  return createHash('md5').update(data).digest('base64');
}

// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), as GCS reports it: 4 bytes big-endian, base64.
const CRC32C_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32cBase64(data: Buffer): string {
  let crc = 0xffffffff;
  for (const byte of data) crc = CRC32C_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  const out = Buffer.alloc(4);
  out.writeUInt32BE((crc ^ 0xffffffff) >>> 0);
  return out.toString('base64');
}
