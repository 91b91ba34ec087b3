/**
 * Shared shapes of the performer → Spotify artist matcher. Everything in `src/matching/`
 * is pure: callers fetch search results, verify links and store decisions.
 */

/** One Spotify artist as returned by search (best first). */
export interface Candidate {
  id: string;
  name: string;
  /** Spotify's artist genres. Deprecated upstream and often empty: treat as optional. */
  genres?: readonly string[];
}

/**
 * A Spotify link carried by the event source (Ticketmaster `externalLinks.spotify`,
 * SeatGeek `links[provider=spotify]`).
 *
 * - `verifiedName: string` — the caller fetched `GET /artists/{id}` and got this name.
 * - `verifiedName: null` — the link is dead or could not be verified: it is ignored.
 * - `verifiedName` omitted — the caller vouches for the id without knowing the name
 *   (used by the offline evaluation when the linked artist is not in the search results).
 */
export interface ArtistLink {
  artistId: string;
  verifiedName?: string | null;
}

/** The user's listening: a set of artist ids, or artist id → play count. */
export type KnownArtists = ReadonlySet<string> | ReadonlyMap<string, number>;

export interface MatchInput {
  /** As billed: one co-bill part, or the whole billing (cleaned internally, never split). */
  performer: string;
  /** The event's own genre classification (e.g. Ticketmaster `classifications[].genre.name`). */
  sourceGenre?: string | null;
  link?: ArtistLink | null;
  /** Spotify search results for the performer, best first. */
  candidates: readonly Candidate[];
  knownArtistIds?: KnownArtists;
}

export type MatchMethod = 'link' | 'exact' | 'fuzzy' | 'none';

export interface RunnerUp {
  id: string;
  name: string;
  score: number;
}

export interface MatchDecision {
  artistId: string | null;
  artistName: string | null;
  method: MatchMethod;
  /** 0..100: 100 for a link or an exact match, the `ratio` for a fuzzy one, and for
   * `none` the score of the closest candidate (0 when there was none). */
  score: number;
  /** For an accepted match, the best other candidate; for `none`, the closest candidate. */
  runnerUp: RunnerUp | null;
  /** Human explanation, shown by `encore match explain`. */
  reason: string;
  tribute: boolean;
}
