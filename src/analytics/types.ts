/**
 * The public shapes of encore's listening analytics. Every count is a number of plays that
 * pass the stream rule; every `minutes` is minutes listened (rounded to 0.1). Local dates
 * and times are in the query's time zone: dates as `YYYY-MM-DD`, times as `YYYY-MM-DD HH:MM`;
 * instants are ISO strings in UTC.
 */

export type Metric = 'plays' | 'minutes';
export type Bucket = 'day' | 'week' | 'month';

export interface AnalyticsQuery {
  userId: string;
  /** UTC instants, the range is [from, to). */
  from: Date;
  to: Date;
  /** IANA zone; the user's zone (users.time_zone ?? config default). */
  timeZone: string;
  /** What ranks the top lists; default 'plays'. */
  metric?: Metric;
  /** "What counts as a stream", applied at query time; default 30_000. */
  minStreamMs?: number;
  /** A pause of at least this many minutes ends a session; default 30. */
  sessionGapMinutes?: number;
}

export interface Kpis {
  plays: number;
  minutes: number;
  distinctTracks: number;
  distinctArtists: number;
  distinctAlbums: number;
  /** Mean catalog length of the songs played, each play weighing once (the original KPI). */
  averageSongLengthMs: number | null;
  /** Mean time actually listened per counted play. */
  averageListenMs: number | null;
  /** Local days with at least one counted play. */
  activeDays: number;
  /** Plays in the range that the stream rule left out (shorter than minStreamMs). */
  shortPlaysIgnored: number;
}

export interface TimeBucket {
  /** Local date the bucket starts on (days; ISO weeks start on Monday; months on the 1st). */
  start: string;
  plays: number;
  minutes: number;
}

export interface HeatmapCell {
  /** ISO weekday: 1 = Monday … 7 = Sunday, local. */
  weekday: number;
  /** Local hour the play ended in, 0–23. */
  hour: number;
  plays: number;
  minutes: number;
}

export interface TopArtist {
  /** Catalog id; null for plays only known by name (unresolved imports). */
  artistId: string | null;
  name: string;
  plays: number;
  minutes: number;
}

export interface TopTrack {
  /** The recording identity: one id for every release of one ISRC; else the track id or name key. */
  trackKey: string;
  trackId: string | null;
  name: string;
  artistName: string | null;
  albumName: string | null;
  plays: number;
  minutes: number;
}

export interface TopAlbum {
  albumId: string | null;
  name: string;
  artistName: string | null;
  plays: number;
  minutes: number;
}

export interface TopGenre {
  /** A catalog genre (never guessed; plays without one are in GenresPending). */
  genre: string;
  plays: number;
  minutes: number;
}

/** Counted plays whose artist has no genres on record yet (until `encore resolve` finds some). */
export interface GenresPending {
  plays: number;
  minutes: number;
}

export interface Session {
  /** Start of the first play and end of the last play, UTC. */
  start: string;
  end: string;
  localStart: string;
  plays: number;
  minutes: number;
}

export interface SessionStats {
  count: number;
  averageMinutes: number | null;
  longest: Session | null;
}

export interface Discovery {
  id: string;
  name: string;
  /** Where the name came from for a track: its first artist. */
  artistName: string | null;
  firstPlayedAt: string;
  localDate: string;
}

export interface Discoveries {
  /** Artists / tracks whose first-ever counted play (across all history) falls in the range. */
  newArtists: number;
  newTracks: number;
  /** The first few of each, in order of discovery. */
  artists: Discovery[];
  tracks: Discovery[];
}

export interface Streak {
  days: number;
  start: string;
  end: string;
}

export interface Streaks {
  /** The longest run of consecutive local days with a counted play, inside the range. */
  longest: Streak | null;
  /** The run that reaches the range's last local day (or the day before it), if any. */
  current: Streak | null;
}

export interface RangeInfo {
  from: string;
  to: string;
  timeZone: string;
}

export interface RuleInfo {
  minStreamMs: number;
  sessionGapMinutes: number;
}

export interface Dashboard {
  userId: string;
  range: RangeInfo;
  rule: RuleInfo;
  metric: Metric;
  bucket: Bucket;
  kpis: Kpis;
  /** Every bucket of the range, empty ones included (zeros). */
  overTime: TimeBucket[];
  /** All 7 × 24 cells, empty ones included. */
  heatmap: HeatmapCell[];
  topArtists: TopArtist[];
  topTracks: TopTrack[];
  topAlbums: TopAlbum[];
  topGenres: TopGenre[];
  /** Left out of topGenres: plays whose artist's genres are not known yet. */
  genresPending: GenresPending;
  sessions: SessionStats;
  discoveries: Discoveries;
  streaks: Streaks;
}

export interface MonthFigure {
  /** Local month, `YYYY-MM`. */
  month: string;
  plays: number;
  minutes: number;
}

export interface DayFigure {
  date: string;
  plays: number;
  minutes: number;
}

export interface HourFigure {
  /** Local hour the play ended in, 0–23. */
  hour: number;
  plays: number;
  minutes: number;
}

/** Cover art the catalog stored off Spotify's track objects; null when none is known. */
export interface Cover {
  imageUrl: string | null;
}

export interface YearInReview {
  userId: string;
  range: RangeInfo;
  rule: RuleInfo;
  plays: number;
  minutes: number;
  distinctArtists: number;
  distinctTracks: number;
  /** Every local month of the range (`start` = its first day), empty ones as zeros. */
  months: TimeBucket[];
  /** All 24 local hours of the day, empty ones as zeros (the listening clock). */
  hours: HourFigure[];
  /** Top 5 of each, by minutes (what a review is about: time spent). */
  topArtists: Array<TopArtist & Cover>;
  topTracks: Array<TopTrack & Cover>;
  topGenres: TopGenre[];
  genresPending: GenresPending;
  topMonth: MonthFigure | null;
  biggestDay: DayFigure | null;
  longestSession: Session | null;
  newArtists: { count: number; first: Discovery[] };
  longestStreak: Streak | null;
}

export type PlayOrigin = 'live' | 'export';

export interface PlayRow {
  /** End of the play, UTC ISO, and the same in the user's zone. */
  playedAt: string;
  localTime: string;
  trackKey: string;
  trackId: string | null;
  trackName: string | null;
  artistName: string | null;
  albumName: string | null;
  msPlayed: number | null;
  /** How ms_played is known: measured | export | inferred | track_length. */
  msPlayedSource: string | null;
  /** The stored source (recently_played, export_extended, …) and what it means for people. */
  source: string;
  origin: PlayOrigin;
  /** track | episode | audiobook | unidentified: only tracks have artist/album/track pages. */
  kind: string;
  /** The catalog's primary artist and album of the track, when it is in the catalog. */
  artistId: string | null;
  albumId: string | null;
}

export interface PlaysPage {
  rows: PlayRow[];
  total: number;
}
