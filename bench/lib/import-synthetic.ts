import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * A synthetic Spotify extended streaming history with the real field set and realistic
 * repetition: track popularity follows a Zipf-like law over ~50k URIs (a few favourites
 * played thousands of times, a long tail played once), about 3 % podcast episodes, a few
 * audiobook chapters, local files without URIs, rows with every metadata field null (which
 * Spotify does emit, and which are refused), older rows without `skipped`, some
 * non-ASCII names. Files are chronological slices, pretty-printed like the real ones
 * (~750 bytes a row). Rows are streamed to disk, so generating a million costs little memory.
 */

export interface SyntheticOptions {
  dir: string;
  rows: number;
  files: number;
  distinctTracks?: number;
  seed?: number;
  /** First play (ms); plays then follow each other by 20 s – 4.5 min, with occasional breaks of up to 10 h. */
  startMs?: number;
}

export interface SyntheticExport {
  paths: string[];
  rows: number;
  /** Distinct `spotify:track:` URIs written: what a lookup-per-track import would call. */
  distinctTrackUris: number;
  lastMs: number;
}

const PLATFORMS = [
  'android',
  'iOS 16.4 (iPhone14,2)',
  'windows',
  'osx',
  'web_player linux ;chrome 120',
  'cast_tv',
];
const COUNTRIES = ['DE', 'GB', 'US', 'FR', 'SE'];
const REASONS_START = ['trackdone', 'clickrow', 'fwdbtn', 'backbtn', 'playbtn', 'appload'];
const REASONS_END = ['trackdone', 'endplay', 'fwdbtn', 'backbtn', 'logout', 'unexpected-exit-while-paused'];
const ACCENTED = ['Björk', 'Sigur Rós', 'Mötley Crüe', 'Beyoncé', '坂本龍一', 'Dvořák'];

export async function writeSyntheticExport(options: SyntheticOptions): Promise<SyntheticExport> {
  const distinct = options.distinctTracks ?? 50_000;
  const random = mulberry32(options.seed ?? 42);
  const zipf = zipfSampler(distinct, 1.05, random);
  const uris = new Set<number>();
  await mkdir(options.dir, { recursive: true });
  const perFile = Math.ceil(options.rows / options.files);
  const paths: string[] = [];
  let t = options.startMs ?? Date.UTC(2012, 0, 1);
  let written = 0;
  for (let f = 0; f < options.files; f++) {
    const count = Math.min(perFile, options.rows - written);
    const year = new Date(t).getUTCFullYear();
    const path = join(options.dir, `Streaming_History_Audio_${year}-${year + 1}_${f}.json`);
    const out = createWriteStream(path, { encoding: 'utf8' });
    await write(out, '[\n');
    for (let i = 0; i < count; i++) {
      t += 20_000 + Math.floor(random() * 250_000) + (random() < 0.01 ? Math.floor(random() * 36e6) : 0);
      const row = syntheticRow(t, random, zipf, uris);
      await write(out, `${indent(row)}${i === count - 1 ? '\n' : ',\n'}`);
    }
    await write(out, ']\n');
    out.end();
    await once(out, 'finish');
    paths.push(path);
    written += count;
  }
  return { paths, rows: written, distinctTrackUris: uris.size, lastMs: t };
}

function syntheticRow(t: number, random: () => number, zipf: () => number, uris: Set<number>) {
  const roll = random();
  const base = {
    ts: new Date(Math.floor(t / 1000) * 1000).toISOString().replace('.000Z', 'Z'),
    platform: PLATFORMS[Math.floor(random() * PLATFORMS.length)],
    ms_played: Math.floor(random() * 300_000),
    conn_country: COUNTRIES[Math.floor(random() * COUNTRIES.length)],
    ip_addr: `198.51.100.${Math.floor(random() * 255)}`,
    master_metadata_track_name: null as string | null,
    master_metadata_album_artist_name: null as string | null,
    master_metadata_album_album_name: null as string | null,
    spotify_track_uri: null as string | null,
    episode_name: null as string | null,
    episode_show_name: null as string | null,
    spotify_episode_uri: null as string | null,
    audiobook_title: null as string | null,
    audiobook_uri: null as string | null,
    audiobook_chapter_uri: null as string | null,
    audiobook_chapter_title: null as string | null,
    reason_start: REASONS_START[Math.floor(random() * REASONS_START.length)],
    reason_end: REASONS_END[Math.floor(random() * REASONS_END.length)],
    shuffle: random() < 0.4,
    skipped: t < Date.UTC(2017, 0, 1) ? null : random() < 0.2,
    offline: random() < 0.05,
    offline_timestamp: random() < 0.05 ? Math.floor(t / 1000) : null,
    incognito_mode: random() < 0.01,
  };
  if (roll < 0.03) {
    const episode = Math.floor(random() * 2000);
    base.episode_name = `Episode ${episode}`;
    base.episode_show_name = `Show ${episode % 60}`;
    base.spotify_episode_uri = `spotify:episode:${id('E', episode)}`;
  } else if (roll < 0.032) {
    const chapter = Math.floor(random() * 300);
    base.audiobook_title = `Book ${chapter % 12}`;
    base.audiobook_uri = `spotify:audiobook:${id('B', chapter % 12)}`;
    base.audiobook_chapter_title = `Chapter ${chapter}`;
    base.audiobook_chapter_uri = `spotify:chapter:${id('C', chapter)}`;
  } else if (roll < 0.034) {
    // Every metadata field null: Spotify emits these; encore refuses them with a reason.
  } else {
    const track = zipf();
    const artist = (track * 7919) % 8000;
    const accented = artist % 20 === 0;
    base.master_metadata_track_name = accented ? `Canción ${track} ü` : `Track ${track}`;
    base.master_metadata_album_artist_name = accented
      ? `${ACCENTED[artist % ACCENTED.length]} ${artist}`
      : `Artist ${artist}`;
    base.master_metadata_album_album_name = `Album ${Math.floor(track / 11)}`;
    if (roll > 0.995) return base; // a local file: names, no URI
    base.spotify_track_uri = `spotify:track:${id('T', track)}`;
    uris.add(track);
  }
  return base;
}

function id(prefix: string, n: number): string {
  return `${prefix}${n.toString(36).padStart(21, '0')}`;
}

function indent(row: object): string {
  return `  ${JSON.stringify(row, null, 2).replace(/\n/g, '\n  ')}`;
}

async function write(out: NodeJS.WritableStream, chunk: string): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}

/** Deterministic PRNG so that every run of the bench writes the same export. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let r = Math.imul(a ^ (a >>> 15), 1 | a);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

/** Samples ranks 0..n-1 with P(k) ∝ 1/(k+1)^s, by binary search over the cumulative weights. */
function zipfSampler(n: number, s: number, random: () => number): () => number {
  const cumulative = new Float64Array(n);
  let sum = 0;
  for (let k = 0; k < n; k++) {
    sum += 1 / (k + 1) ** s;
    cumulative[k] = sum;
  }
  return () => {
    const target = random() * sum;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid]! < target) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}
