/**
 * The simulator's world and its controls: catalog, users and their timelines, auth,
 * playlists, faults, the request log and the tier. Routes read from it; tests steer it.
 */
import { type Clock, systemClock } from '../../src/util/clock.ts';
import { AuthStore, DEFAULT_CLIENT, type SimClient } from './auth.ts';
import { type Catalog, type CatalogOptions, type CatalogTrack, createCatalog } from './catalog.ts';
import { FaultQueue, type FaultSpec } from './faults.ts';
import { PlaylistStore, type SimPlaylist } from './playlists.ts';
import { type RateLimitOptions, RollingWindowLimiter } from './rate-limit.ts';
import { RequestLog } from './request-log.ts';
import {
  type NowPlaying,
  type Play,
  playerStateAt,
  resolveTimelineOptions,
  type ScriptedPlay,
  scriptedTimeline,
  scriptedToPlay,
  sortPlays,
  type TimelineOptions,
  type UserTimeline,
  visibleHistory,
} from './timeline.ts';
import { generateTimeline } from './timeline-generate.ts';

export type Tier = 'development' | 'extended';

export interface SimUserSpec {
  id: string;
  displayName?: string;
  /** Used to keep nights idle in the user's own time. Default 0. */
  utcOffsetMinutes?: number;
  /** Exact plays instead of a generated timeline. */
  plays?: ScriptedPlay[];
  /** Per-user timeline options, over the simulator-wide ones. */
  timeline?: TimelineOptions;
  /** Development Mode allow-list (max 5 users in the dashboard). Default true. */
  allowListed?: boolean;
  /** Only shown on `/me` in the extended tier. */
  country?: string;
  product?: 'premium' | 'free';
}

export interface SpotifySimOptions {
  clock?: Clock;
  /** Same seed, same catalog and timelines. Default 1. */
  seed?: number;
  tier?: Tier;
  /** Default: demo-alice, demo-bob, demo-chen. */
  users?: SimUserSpec[];
  timeline?: TimelineOptions;
  /** Default: one client, `DEFAULT_CLIENT`. */
  clients?: SimClient[];
  /** Plays shorter than this never reach recently-played. Default 30 000 (Spotify's "stream"). */
  minRecordedPlayMs?: number;
  /** A rolling-window limit on sim time; off by default. */
  rateLimit?: RateLimitOptions;
  catalog?: CatalogOptions;
}

export const DEFAULT_USERS: SimUserSpec[] = [
  { id: 'demo-alice', displayName: 'Alice (demo)', utcOffsetMinutes: 60, country: 'DE', product: 'premium' },
  { id: 'demo-bob', displayName: 'Bob (demo)', utcOffsetMinutes: -300, country: 'US', product: 'premium' },
  { id: 'demo-chen', displayName: 'Chen (demo)', utcOffsetMinutes: 480, country: 'SG', product: 'free' },
];

export interface SimUser {
  spec: SimUserSpec;
  displayName: string;
  timeline: UserTimeline;
}

export interface NowPlayingState extends NowPlaying {
  track: CatalogTrack;
}

export class SpotifySimState {
  readonly clock: Clock;
  readonly seed: number;
  readonly catalog: Catalog;
  readonly auth: AuthStore;
  readonly faults = new FaultQueue();
  readonly requestLog = new RequestLog();
  readonly playlistStore: PlaylistStore;
  readonly minRecordedPlayMs: number;
  readonly limiter: RollingWindowLimiter | undefined;
  readonly clients: SimClient[];
  tier: Tier;
  private readonly users = new Map<string, SimUser>();
  private loginUser: string | undefined;

  constructor(options: SpotifySimOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.seed = options.seed ?? 1;
    this.tier = options.tier ?? 'development';
    this.catalog = createCatalog(this.seed, options.catalog);
    this.clients = options.clients ?? [DEFAULT_CLIENT];
    this.auth = new AuthStore(this.clock, this.clients);
    this.playlistStore = new PlaylistStore(this.clock, this.seed);
    this.minRecordedPlayMs = options.minRecordedPlayMs ?? 30_000;
    this.limiter = options.rateLimit ? new RollingWindowLimiter(this.clock, options.rateLimit) : undefined;
    for (const spec of options.users ?? DEFAULT_USERS) this.addUser(spec, options.timeline);
  }

  /** The first registered client: what encore's config should use. */
  get clientId(): string {
    return (this.clients[0] as SimClient).id;
  }

  get clientSecret(): string {
    return (this.clients[0] as SimClient).secret;
  }

  setTier(tier: Tier): void {
    this.tier = tier;
  }

  injectFault(fault: FaultSpec): void {
    this.faults.inject(fault);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  callCount(pathPrefix?: string): number {
    return this.requestLog.callCount(pathPrefix);
  }

  revokeRefreshTokens(userId: string): void {
    this.auth.revokeRefreshTokens(this.requireUser(userId).spec.id);
  }

  expireConsent(userId: string): void {
    this.auth.expireConsent(this.requireUser(userId).spec.id);
  }

  setConsentTime(userId: string, consentAt: number): void {
    this.auth.setConsentTime(this.requireUser(userId).spec.id, consentAt);
  }

  /** Forces the user's (or everyone's) access tokens to expire now, without moving the clock. */
  expireAccessTokens(userId?: string): void {
    this.auth.expireAccessTokens(userId);
  }

  /** Who consents at the next `/accounts/authorize` without `sim_user` (undefined: the first user). */
  setLoginUser(userId: string | undefined): void {
    if (userId !== undefined) this.requireUser(userId);
    this.loginUser = userId;
  }

  resolveLoginUser(requested: string | undefined): SimUser | undefined {
    const id = requested ?? this.loginUser ?? this.userIds[0];
    return id === undefined ? undefined : this.users.get(id);
  }

  get userIds(): string[] {
    return [...this.users.keys()];
  }

  user(userId: string): SimUser | undefined {
    return this.users.get(userId);
  }

  addUser(spec: SimUserSpec, shared?: TimelineOptions): SimUser {
    const options = resolveTimelineOptions({ ...shared, ...spec.timeline }, this.clock.now());
    const timeline = spec.plays
      ? scriptedTimeline(spec.id, spec.plays, this.catalog)
      : generateTimeline({
          userId: spec.id,
          seed: this.seed,
          catalog: this.catalog,
          options,
          utcOffsetMinutes: spec.utcOffsetMinutes ?? 0,
        });
    const user: SimUser = { spec, displayName: spec.displayName ?? spec.id, timeline };
    this.users.set(spec.id, user);
    return user;
  }

  /** Ground truth: every play of the user, ordered by `endedAt` (= `played_at`). */
  playsOf(userId: string): readonly Play[] {
    return this.requireUser(userId).timeline.plays;
  }

  /** Appends a hand-written play to a user's timeline (e.g. "play this now"). */
  addPlay(userId: string, scripted: ScriptedPlay): Play {
    const user = this.requireUser(userId);
    const play = scriptedToPlay(userId, scripted, this.catalog);
    user.timeline.plays.push(play);
    sortPlays(user.timeline.plays);
    return play;
  }

  /** What recently-played would return now without cursors (at most 50, newest first). */
  visiblePlaysOf(userId: string, now = this.clock.now()): Play[] {
    return visibleHistory(this.requireUser(userId).timeline, now, this.minRecordedPlayMs);
  }

  nowPlaying(userId: string, now = this.clock.now()): NowPlayingState | null {
    const state = playerStateAt(this.requireUser(userId).timeline, now);
    if (!state) return null;
    return { ...state, track: this.catalog.track(state.play.trackId) as CatalogTrack };
  }

  playlistsOf(userId: string): SimPlaylist[] {
    return this.playlistStore.ofUser(userId);
  }

  /** The user deleted (unfollowed) the playlist: later calls about it get 404. */
  deletePlaylist(playlistId: string): boolean {
    return this.playlistStore.delete(playlistId);
  }

  private requireUser(userId: string): SimUser {
    const user = this.users.get(userId);
    if (!user) throw new Error(`unknown simulated user ${userId} (known: ${this.userIds.join(', ')})`);
    return user;
  }
}
