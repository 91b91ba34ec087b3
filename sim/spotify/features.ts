/**
 * Audio features for a track, derived from its id so that they are stable across runs
 * and never stored. Roughly shaped by genre-free randomness; good enough for tests.
 */
import type { CatalogTrack } from './catalog.ts';
import { createRng, hashString } from './rng.ts';

const round = (value: number, digits = 3) => Number(value.toFixed(digits));

export function audioFeatures(baseUrl: string, track: CatalogTrack) {
  const rng = createRng(hashString(`features:${track.id}`));
  return {
    acousticness: round(rng.next() ** 2),
    analysis_url: `${baseUrl}/v1/audio-analysis/${track.id}`,
    danceability: round(rng.float(0.2, 0.95)),
    duration_ms: track.durationMs,
    energy: round(rng.float(0.1, 0.98)),
    id: track.id,
    instrumentalness: round(rng.chance(0.2) ? rng.float(0.5, 0.95) : rng.float(0, 0.05)),
    key: rng.int(0, 11),
    liveness: round(rng.float(0.03, 0.6)),
    loudness: round(rng.float(-18, -3)),
    mode: rng.int(0, 1),
    speechiness: round(rng.float(0.02, 0.3)),
    tempo: round(rng.float(68, 178)),
    time_signature: rng.chance(0.9) ? 4 : 3,
    track_href: `${baseUrl}/v1/tracks/${track.id}`,
    type: 'audio_features',
    uri: `spotify:track:${track.id}`,
    valence: round(rng.next()),
  };
}
