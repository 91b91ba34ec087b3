import { isRecord, msPlayed, plausibleTime, text } from '../history/fields.ts';
import { nameKey, spotifyId } from '../history/keys.ts';

/**
 * Reads a ListenBrainz `submit-listens` document:
 * `{listen_type: 'single'|'import'|'playing_now', payload: [{listened_at, track_metadata:
 * {artist_name, track_name, release_name?, additional_info?: {duration_ms, spotify_id, …}}}]}`.
 *
 * The rules are ListenBrainz's own, so a scrobbler that works against it works here: a
 * document is accepted whole or refused whole with the first problem found; `single` and
 * `playing_now` carry exactly one listen; `playing_now` has no `listened_at`; the others
 * must have one (Unix seconds); at most 1000 listens, each at most 10 240 bytes of JSON.
 */
export const MAX_LISTENS_PER_REQUEST = 1000;
export const MAX_LISTEN_BYTES = 10_240;

export type ListenType = 'single' | 'import' | 'playing_now';

/** One submitted listen, ready for the de-duplication and the plays table. */
export interface SubmittedListen {
  /** The Spotify track id when the listen names one, else the name key (src/history/keys.ts). */
  trackKey: string;
  trackId: string | null;
  /** `listened_at` in ms; 0 for playing_now. */
  playedAtMs: number;
  trackName: string;
  artistName: string;
  albumName: string | null;
  /** `duration_ms` (or `duration` in seconds): the track length, not how much was heard. */
  durationMs: number | null;
}

export type ParsedSubmission =
  { ok: true; listenType: ListenType; listens: SubmittedListen[] } | { ok: false; error: string };

const LISTEN_TYPES = new Set<string>(['single', 'import', 'playing_now']);

export function parseSubmission(body: unknown, nowMs: number): ParsedSubmission {
  if (!isRecord(body)) return { ok: false, error: 'Invalid JSON document submitted: not an object.' };
  const listenType = body.listen_type;
  if (typeof listenType !== 'string' || !LISTEN_TYPES.has(listenType))
    return {
      ok: false,
      error: "JSON document must contain listen_type: 'single', 'import' or 'playing_now'.",
    };
  const payload = body.payload;
  if (!Array.isArray(payload)) return { ok: false, error: 'JSON document must contain a payload list.' };
  if (payload.length === 0) return { ok: false, error: 'JSON document does not contain any listens.' };
  if (payload.length > MAX_LISTENS_PER_REQUEST)
    return {
      ok: false,
      error: `Too many listens. You may not submit more than ${MAX_LISTENS_PER_REQUEST} listens at once.`,
    };
  if (listenType !== 'import' && payload.length !== 1)
    return {
      ok: false,
      error: `JSON document with listen_type ${listenType} must contain exactly one listen.`,
    };
  const listens: SubmittedListen[] = [];
  for (const [index, raw] of payload.entries()) {
    const read = readListen(raw, listenType as ListenType, nowMs);
    if ('error' in read) return { ok: false, error: `Listen ${index}: ${read.error}` };
    listens.push(read.listen);
  }
  return { ok: true, listenType: listenType as ListenType, listens };
}

function readListen(
  raw: unknown,
  listenType: ListenType,
  nowMs: number,
): { listen: SubmittedListen } | { error: string } {
  if (!isRecord(raw)) return { error: 'a listen must be an object.' };
  if (Buffer.byteLength(JSON.stringify(raw), 'utf8') > MAX_LISTEN_BYTES)
    return { error: `listen is larger than ${MAX_LISTEN_BYTES} bytes.` };
  const time = listenTime(raw.listened_at, listenType, nowMs);
  if ('error' in time) return time;
  const meta = raw.track_metadata;
  if (!isRecord(meta)) return { error: 'track_metadata is missing or not an object.' };
  const artistName = typeof meta.artist_name === 'string' ? text(meta.artist_name) : null;
  const trackName = typeof meta.track_name === 'string' ? text(meta.track_name) : null;
  if (!artistName) return { error: 'track_metadata.artist_name must be a non-empty string.' };
  if (!trackName) return { error: 'track_metadata.track_name must be a non-empty string.' };
  const info = meta.additional_info ?? {};
  if (!isRecord(info)) return { error: 'track_metadata.additional_info must be an object.' };
  const seconds = typeof info.duration === 'number' ? info.duration * 1000 : null;
  const duration = msPlayed(info.duration_ms ?? seconds, 'additional_info.duration_ms');
  if (!duration.ok) return { error: `${duration.why}.` };
  const trackId = spotifyId(text(info.spotify_id) ?? text(info.origin_url), 'track');
  return {
    listen: {
      trackKey: trackId ?? nameKey('track', artistName, trackName),
      trackId,
      playedAtMs: time.ms,
      trackName,
      artistName,
      albumName: typeof meta.release_name === 'string' ? text(meta.release_name) : null,
      durationMs: duration.value,
    },
  };
}

function listenTime(
  value: unknown,
  listenType: ListenType,
  nowMs: number,
): { ms: number } | { error: string } {
  if (listenType === 'playing_now') {
    return value === undefined ? { ms: 0 } : { error: 'playing_now listens must not have listened_at.' };
  }
  if (typeof value !== 'number' || !Number.isInteger(value))
    return { error: 'listened_at must be an integer (Unix seconds).' };
  const checked = plausibleTime(value * 1000, 'listened_at', nowMs);
  return checked.ok ? { ms: checked.ms } : { error: `${checked.why}.` };
}
