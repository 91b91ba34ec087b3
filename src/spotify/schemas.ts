import { z } from 'zod';

/**
 * Zod schemas for the Spotify responses encore reads. Fields that Development Mode apps
 * no longer receive (popularity, followers, available_markets, …) are optional.
 */
const image = z.object({ url: z.string(), height: z.number().nullish(), width: z.number().nullish() });

export const simplifiedArtist = z.object({
  id: z.string().nullable(), // local files have null ids
  name: z.string(),
  uri: z.string().nullish(),
});

export const simplifiedAlbum = z.object({
  id: z.string().nullable(),
  name: z.string(),
  album_type: z.string().nullish(),
  release_date: z.string().nullish(),
  images: z.array(image).nullish(),
  artists: z.array(simplifiedArtist).nullish(),
});

export const track = z.object({
  id: z.string().nullable(),
  name: z.string(),
  duration_ms: z.number().int().nonnegative(),
  explicit: z.boolean().nullish(),
  is_local: z.boolean().nullish(),
  uri: z.string().nullish(),
  type: z.literal('track').optional(),
  external_ids: z.object({ isrc: z.string().nullish() }).partial().nullish(),
  popularity: z.number().nullish(),
  // Older recently-played payloads carry tracks without `album`: the play is still real.
  album: simplifiedAlbum.nullish(),
  artists: z.array(simplifiedArtist).min(1),
});
export type Track = z.infer<typeof track>;

export const fullArtist = z.object({
  id: z.string(),
  name: z.string(),
  genres: z.array(z.string()).nullish(),
  images: z.array(image).nullish(),
  popularity: z.number().nullish(),
  uri: z.string().nullish(),
});
export type Artist = z.infer<typeof fullArtist>;

export const context = z
  .object({ type: z.string().nullish(), uri: z.string().nullish(), href: z.string().nullish() })
  .nullish();

export const playHistoryItem = z.object({
  track,
  played_at: z.iso.datetime({ offset: true }),
  context,
});
export type PlayHistoryItem = z.infer<typeof playHistoryItem>;

/** Lenient envelope: items are validated one by one so that one bad item never loses the rest. */
export const recentlyPlayedPage = z.object({
  items: z.array(z.unknown()),
  next: z.string().nullish(),
  cursors: z.object({ after: z.string().nullish(), before: z.string().nullish() }).nullish(),
  limit: z.number().nullish(),
});

/** Some clients report numbers as strings ("progress_ms": "51234"); read both, drop garbage. */
const lenientMs = z.preprocess((value) => {
  if (typeof value !== 'string') return value;
  const n = Number(value.trim());
  return value.trim() !== '' && Number.isFinite(n) ? n : null;
}, z.number().nonnegative().nullish());

export const currentlyPlaying = z.object({
  timestamp: lenientMs,
  progress_ms: lenientMs,
  is_playing: z.boolean(),
  currently_playing_type: z.string().nullish(),
  context,
  item: z.unknown().nullish(),
});
export type CurrentlyPlaying = z.infer<typeof currentlyPlaying>;

/** A podcast episode (currently-playing with `additional_types=episode`). */
export const episode = z.object({
  type: z.literal('episode'),
  id: z.string().nullish(),
  name: z.string(),
  duration_ms: z.number().nullish(),
  show: z.object({ name: z.string().nullish(), publisher: z.string().nullish() }).nullish(),
});
export type Episode = z.infer<typeof episode>;

export const me = z.object({
  id: z.string(),
  display_name: z.string().nullish(),
  country: z.string().nullish(),
  product: z.string().nullish(),
});
export type Me = z.infer<typeof me>;

const paging = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    total: z.number().nullish(),
    limit: z.number().nullish(),
    offset: z.number().nullish(),
    next: z.string().nullish(),
  });

export const artistSearch = z.object({ artists: paging(fullArtist) });
export const trackSearch = z.object({ tracks: paging(track) });

export const topTracks = z.object({ tracks: z.array(track) });

export const audioFeatures = z.object({
  audio_features: z.array(
    z
      .object({
        id: z.string(),
        danceability: z.number().nullish(),
        energy: z.number().nullish(),
        tempo: z.number().nullish(),
        valence: z.number().nullish(),
        acousticness: z.number().nullish(),
        instrumentalness: z.number().nullish(),
        loudness: z.number().nullish(),
        speechiness: z.number().nullish(),
        key: z.number().nullish(),
        mode: z.number().nullish(),
        liveness: z.number().nullish(),
      })
      .nullable(),
  ),
});
export type AudioFeatures = NonNullable<z.infer<typeof audioFeatures>['audio_features'][number]>;

export const playlist = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullish(),
  snapshot_id: z.string().nullish(),
  uri: z.string().nullish(),
  owner: z.object({ id: z.string() }).nullish(),
  external_urls: z.object({ spotify: z.string().nullish() }).partial().nullish(),
});
export type Playlist = z.infer<typeof playlist>;

/** Lenient envelope for `GET /me/playlists`: items are validated one by one (some have `id: null`). */
export const playlistListPage = z.object({
  items: z.array(z.unknown()),
  next: z.string().nullish(),
  total: z.number().nullish(),
});

export const snapshot = z.object({ snapshot_id: z.string() });

export const playlistItems = z.object({
  items: z.array(
    z.object({
      item: z.object({ uri: z.string().nullish(), id: z.string().nullish() }).nullish(),
      track: z.unknown().optional(),
    }),
  ),
  next: z.string().nullish(),
  total: z.number().nullish(),
});
