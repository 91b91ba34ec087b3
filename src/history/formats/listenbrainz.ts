import { type Fields, flag, isRecord, isoTime, msPlayed, plausibleTime, text } from '../fields.ts';
import { keyForId, spotifyId } from '../keys.ts';
import { type PlayKind, type RowOutcome, SOURCE_LISTENBRAINZ, type StagedPlay } from '../types.ts';

/**
 * ListenBrainz listens: `{listened_at (Unix s), track_metadata: {artist_name, track_name,
 * release_name, additional_info}}`, one per line (their export) or as an array.
 *
 * encore writes its own columns into `additional_info` as `encore_*` keys (ms-precise
 * end of play, key, kind, ms_played and its source, skipped, shuffle, platform…), so an
 * encore ListenBrainz file restores exactly the plays it came from. Listens written by
 * other tools are read from the standard fields: the Spotify id from `spotify_id` or
 * `origin_url`, the length from `duration_ms` (marked `track_length`, since a listen does
 * not say how much was played), source `listenbrainz`. Note that many scrobblers record
 * the *start* of a listen in `listened_at`; such listens are stored at that time.
 */
export function readListenRow(raw: unknown, nowMs: number): RowOutcome {
  if (!isRecord(raw)) return { reject: 'listen is not an object' };
  const meta = isRecord(raw.track_metadata) ? raw.track_metadata : null;
  if (!meta) return { reject: 'track_metadata is missing' };
  const info: Fields = isRecord(meta.additional_info) ? meta.additional_info : {};
  const time = listenTime(raw.listened_at, info.encore_played_at, nowMs);
  if (!time.ok) return { reject: time.why };
  const ms = playLength(info);
  if (!ms.ok) return { reject: ms.why };
  const trackName = text(meta.track_name);
  const identity = identify(info);
  if (identity.trackKey === null && trackName === null) return { reject: 'track_name is missing' };
  const play: StagedPlay = {
    trackKey: identity.trackKey,
    playedAtMs: time.ms,
    trackId: identity.trackId,
    kind: identity.kind,
    trackName,
    artistName: text(meta.artist_name),
    albumName: text(meta.release_name),
    msPlayed: ms.value,
    msPlayedSource: ms.source,
    contextUri: text(info.encore_context_uri),
    source: text(info.encore_source) ?? SOURCE_LISTENBRAINZ,
    skipped: flag(info.encore_skipped),
    shuffle: flag(info.encore_shuffle),
    platform: text(info.encore_platform),
  };
  return { play };
}

function listenTime(listenedAt: unknown, encorePlayedAt: unknown, nowMs: number) {
  if (encorePlayedAt !== undefined && encorePlayedAt !== null)
    return isoTime(encorePlayedAt, 'encore_played_at', nowMs);
  const seconds = typeof listenedAt === 'string' ? Number(listenedAt) : listenedAt;
  if (typeof seconds !== 'number') return { ok: false as const, why: 'listened_at is missing' };
  return plausibleTime(seconds * 1000, 'listened_at', nowMs);
}

type Length = { ok: true; value: number | null; source: string | null } | { ok: false; why: string };

function playLength(info: Fields): Length {
  if ('encore_ms_played' in info) {
    const ms = msPlayed(info.encore_ms_played, 'encore_ms_played');
    return ms.ok ? { ok: true, value: ms.value, source: text(info.encore_ms_played_source) } : ms;
  }
  const duration = info.duration_ms ?? (typeof info.duration === 'number' ? info.duration * 1000 : null);
  const ms = msPlayed(duration, 'duration_ms');
  return ms.ok ? { ok: true, value: ms.value, source: ms.value === null ? null : 'track_length' } : ms;
}

const KINDS = new Set<string>(['track', 'episode', 'audiobook', 'unidentified']);

function identify(info: Fields): Pick<StagedPlay, 'trackKey' | 'trackId' | 'kind'> {
  const encoreKind = text(info.encore_kind);
  if (text(info.encore_track_key) !== null || encoreKind !== null) {
    return {
      trackKey: text(info.encore_track_key),
      trackId: text(info.encore_track_id),
      kind: encoreKind !== null && KINDS.has(encoreKind) ? (encoreKind as PlayKind) : 'track',
    };
  }
  const url = text(info.spotify_id) ?? text(info.origin_url);
  const trackId = spotifyId(url, 'track');
  if (trackId) return { trackKey: trackId, trackId, kind: 'track' };
  const episodeId = spotifyId(url, 'episode');
  if (episodeId) return { trackKey: keyForId('episode', episodeId), trackId: null, kind: 'episode' };
  return { trackKey: null, trackId: null, kind: 'track' };
}
