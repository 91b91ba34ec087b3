import { afterEach, describe, expect, it } from 'vitest';
import {
  type CatalogTrack,
  DAY,
  HOUR,
  MINUTE,
  type Play,
  type SpotifySim,
  SpotifySimState,
  startSpotifySim,
} from '../../sim/spotify/index.ts';
import { ManualClock } from '../../src/util/clock.ts';
import { apiClient, connect, json } from './spotify-helpers.ts';

const T0 = Date.UTC(2026, 4, 4, 18, 0, 0);

interface HistoryPage {
  items: Array<{
    track: { id: string } | null;
    played_at: string;
    context: { type: string; uri: string } | null;
  }>;
  next: string | null;
  cursors: { after: string; before: string } | null;
  limit: number;
  href: string;
}

let sim: SpotifySim | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function start(options: Parameters<typeof startSpotifySim>[0] = {}) {
  const clock = new ManualClock(T0);
  sim = await startSpotifySim({ clock, seed: 3, ...options });
  const { accessToken } = await connect(sim, { userId: sim.state.userIds[0] });
  return { clock, sim, api: apiClient(sim, accessToken) };
}

function longTrack(state: SpotifySimState, index = 0): CatalogTrack {
  return state.catalog.tracks.filter((t) => t.durationMs >= 180_000)[index]!;
}

const history = async (api: ReturnType<typeof apiClient>, query = '') =>
  json<HistoryPage>(await api(`/me/player/recently-played${query}`));

const endedAtOf = (page: HistoryPage) => page.items.map((i) => Date.parse(i.played_at));

describe('spotify sim: recently-played', () => {
  it('returns at most the 50 newest visible plays, newest first, as the ground truth says', async () => {
    const { sim, api } = await start();
    const page = await history(api, '?limit=50');
    const truth = sim.state.visiblePlaysOf('demo-alice');
    expect(truth).toHaveLength(50);
    expect(page.items).toHaveLength(50);
    expect(page.items.map((i) => i.track?.id)).toEqual(truth.map((p) => p.trackId));
    expect(endedAtOf(page)).toEqual(truth.map((p) => p.endedAt));
    expect(page.items[0]!.played_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(page.cursors).toEqual({ after: String(truth[0]!.endedAt), before: String(truth[49]!.endedAt) });
    expect(page.next).toBeNull();
    const contexts = new Set(page.items.map((i) => i.context?.type ?? 'none'));
    expect(contexts.size).toBeGreaterThan(1);
    // The default page is 20.
    expect((await history(api)).items).toHaveLength(20);
  });

  it('validates limit and refuses after together with before', async () => {
    const { api } = await start();
    for (const query of ['?limit=0', '?limit=51', '?limit=abc', '?after=1&before=2', '?before=yesterday']) {
      const res = await api(`/me/player/recently-played${query}`);
      expect(res.status, query).toBe(400);
      expect(((await res.json()) as { error: { status: number } }).error.status).toBe(400);
    }
  });

  it('pages with next links until the 50-play window ends, then returns nothing older', async () => {
    const { sim, api } = await start();
    const seen: number[] = [];
    let page = await history(api, '?limit=20');
    const sizes = [page.items.length];
    seen.push(...endedAtOf(page));
    while (page.next) {
      const next = new URL(page.next);
      expect(next.searchParams.get('before')).toBe(page.cursors?.before);
      page = await history(api, next.search);
      sizes.push(page.items.length);
      seen.push(...endedAtOf(page));
    }
    expect(sizes).toEqual([20, 20, 10]);
    expect(seen).toEqual(sim.state.visiblePlaysOf('demo-alice').map((p) => p.endedAt));
    const beyond = await history(api, `?before=${seen.at(-1)}`);
    expect(beyond.items).toEqual([]);
    expect(beyond.cursors).toBeNull();
    expect(beyond.next).toBeNull();
  });

  it('treats after and before as exclusive millisecond cursors on played_at', async () => {
    const clock = new ManualClock(T0);
    const track = longTrack(new SpotifySimState({ clock, seed: 3, users: [] }));
    const ends = [50, 40, 30, 20, 10].map((m) => T0 - m * MINUTE);
    const { api } = await start({
      clock,
      users: [
        { id: 'scripted', plays: ends.map((endedAt) => ({ trackId: track.id, endedAt, msPlayed: 120_000 })) },
      ],
    });
    const [e1, e2, e3, e4, e5] = ends as [number, number, number, number, number];
    expect(endedAtOf(await history(api, `?after=${e2}`))).toEqual([e5, e4, e3]);
    expect(endedAtOf(await history(api, `?before=${e4}`))).toEqual([e3, e2, e1]);
    expect(endedAtOf(await history(api, `?after=${e2}&limit=2`))).toEqual([e5, e4]);
    expect(endedAtOf(await history(api, `?after=${e5}`))).toEqual([]);
    // A play ending in the future (still playing) is not history yet.
    clock.set(e5 - 1);
    expect(endedAtOf(await history(api))).toEqual([e4, e3, e2, e1]);
  });

  it('leaves plays under 30 s out (threshold configurable)', async () => {
    const clock = new ManualClock(T0);
    const track = longTrack(new SpotifySimState({ clock, seed: 3, users: [] }));
    const plays = [
      { trackId: track.id, startedAt: T0 - 10 * MINUTE, msPlayed: 29_999 },
      { trackId: track.id, startedAt: T0 - 5 * MINUTE, msPlayed: 30_000 },
    ];
    const { api, sim: first } = await start({ clock, users: [{ id: 'u', plays }] });
    const page = await history(api);
    expect(page.items).toHaveLength(1);
    expect(Date.parse(page.items[0]!.played_at)).toBe(T0 - 5 * MINUTE + 30_000);
    expect(first.state.playsOf('u')).toHaveLength(2);
    await first.close();
    const lenient = await start({ clock, users: [{ id: 'u', plays }], minRecordedPlayMs: 0 });
    expect((await history(lenient.api)).items).toHaveLength(2);
  });

  it('hides an offline burst until it syncs, and syncs it under its original played_at', async () => {
    const clock = new ManualClock(T0);
    const track = longTrack(new SpotifySimState({ clock, seed: 3, users: [] }));
    const online = { trackId: track.id, endedAt: T0 - 3 * HOUR };
    const offline = { trackId: track.id, endedAt: T0 - 2 * HOUR, visibleAt: T0 + 30 * MINUTE };
    const { api } = await start({ clock, users: [{ id: 'u', plays: [online, offline] }] });
    expect(endedAtOf(await history(api))).toEqual([T0 - 3 * HOUR]);
    clock.set(T0 + 30 * MINUTE - 1);
    expect(endedAtOf(await history(api))).toEqual([T0 - 3 * HOUR]);
    clock.set(T0 + 30 * MINUTE);
    expect(endedAtOf(await history(api))).toEqual([T0 - 2 * HOUR, T0 - 3 * HOUR]);
  });

  it('generated offline bursts appear only after their sync delay', async () => {
    const clock = new ManualClock(T0);
    const timeline = { start: T0 - 3 * DAY, days: 4, playsPerDayRange: [60, 60] as [number, number] };
    const users = [{ id: 'u', utcOffsetMinutes: 0 }];
    // The same seed without bursts shows where the plays are; aim a burst at one of them.
    const plain = new SpotifySimState({
      clock,
      seed: 3,
      users,
      timeline: { ...timeline, offlineBursts: [] },
    });
    const anchor = plain.playsOf('u').find((p) => p.startedAt > T0 - 2 * DAY && p.msPlayed >= 30_000)!;
    const burst = {
      startOffsetMs: anchor.startedAt - timeline.start,
      durationMs: HOUR,
      syncDelayMs: 30 * MINUTE,
    };
    const { sim, api } = await start({ clock, users, timeline: { ...timeline, offlineBursts: [burst] } });
    const hidden = sim.state.playsOf('u').filter((p) => p.offline && p.msPlayed >= 30_000);
    expect(hidden.length).toBeGreaterThan(0);
    expect(hidden.map((p) => p.endedAt)).toContain(anchor.endedAt);
    const syncAt = anchor.startedAt + HOUR + 30 * MINUTE;
    expect(hidden.every((p) => p.visibleAt === Math.max(syncAt, p.endedAt))).toBe(true);
    // Clock moves back into the past: the access token issued at T0 stays valid.
    const lastHidden = hidden.at(-1) as Play;
    clock.set(lastHidden.endedAt + 1);
    const before = endedAtOf(await history(api, '?limit=50'));
    for (const play of hidden) expect(before).not.toContain(play.endedAt);
    clock.set(syncAt);
    const after = endedAtOf(await history(api, '?limit=50'));
    for (const play of hidden) expect(after).toContain(play.endedAt);
  });

  it('loses offline plays for good when 50 newer plays synced first', async () => {
    const clock = new ManualClock(T0);
    const track = longTrack(new SpotifySimState({ clock, seed: 3, users: [] }));
    const offline = { trackId: track.id, endedAt: T0 - 10 * HOUR, visibleAt: T0 };
    const online = Array.from({ length: 50 }, (_, i) => ({
      trackId: track.id,
      endedAt: T0 - 9 * HOUR + i * 5 * MINUTE,
    }));
    const { api } = await start({ clock, users: [{ id: 'u', plays: [offline, ...online] }] });
    const page = await history(api, '?limit=50');
    expect(page.items).toHaveLength(50);
    expect(endedAtOf(page)).not.toContain(T0 - 10 * HOUR);
  });

  it('needs the user-read-recently-played scope', async () => {
    sim = await startSpotifySim({ clock: new ManualClock(T0) });
    const { accessToken } = await connect(sim, { scope: 'user-read-currently-playing' });
    const res = await apiClient(sim, accessToken)('/me/player/recently-played');
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error: { status: 403, message: 'Insufficient client scope' } });
  });
});

describe('spotify sim: top items', () => {
  it('ranks the user’s most played tracks and artists from the timeline', async () => {
    const { sim, api } = await start();
    const top = await json<{ items: Array<{ id: string }>; total: number }>(
      await api('/me/top/tracks?time_range=short_term&limit=5'),
    );
    const counts = new Map<string, number>();
    for (const p of sim.state.playsOf('demo-alice')) {
      if (p.endedAt <= T0 && p.msPlayed >= 30_000) counts.set(p.trackId, (counts.get(p.trackId) ?? 0) + 1);
    }
    const best = Math.max(...counts.values());
    expect(counts.get(top.items[0]!.id)).toBe(best);
    expect(top.total).toBe(counts.size);
    const artists = await json<{ items: Array<{ type: string }> }>(await api('/me/top/artists'));
    expect(artists.items[0]!.type).toBe('artist');
    expect((await api('/me/top/tracks?time_range=forever')).status).toBe(400);
  });
});

describe('spotify sim: currently-playing', () => {
  it('is 204 when idle and describes the track while playing', async () => {
    const clock = new ManualClock(T0);
    const track = longTrack(new SpotifySimState({ clock, seed: 3, users: [] }));
    const contextUri = 'spotify:album:0123456789ABCDEFGHIJKL';
    const { api } = await start({
      clock,
      users: [{ id: 'u', plays: [{ trackId: track.id, startedAt: T0 + MINUTE, contextUri }] }],
    });
    const idle = await api('/me/player/currently-playing');
    expect(idle.status).toBe(204);
    expect(await idle.text()).toBe('');
    clock.set(T0 + 2 * MINUTE);
    const playing = await api('/me/player/currently-playing?additional_types=track,episode');
    expect(playing.status).toBe(200);
    expect(await playing.json()).toMatchObject({
      is_playing: true,
      progress_ms: MINUTE,
      currently_playing_type: 'track',
      item: { id: track.id, duration_ms: track.durationMs, type: 'track' },
      context: { type: 'album', uri: contextUri },
    });
    clock.set(T0 + MINUTE + track.durationMs);
    expect((await api('/me/player/currently-playing')).status).toBe(204);
  });

  it('shows nothing for an offline device and a paused player between tracks', async () => {
    const { sim, api, clock } = await start({ users: [{ id: 'u' }] });
    const timeline = sim.state.user('u')!.timeline;
    const offline = timeline.plays.find((p) => p.offline)!;
    clock.set(offline.startedAt + 1000);
    expect((await api('/me/player/currently-playing')).status).toBe(204);
    const pause = timeline.pauses.find(
      (p) => !timeline.plays.some((x) => x.offline && x.trackId === p.trackId),
    )!;
    clock.set(pause.from + 1000);
    const paused = await json(await api('/me/player/currently-playing'));
    expect(paused).toMatchObject({ is_playing: false, progress_ms: 0, item: { id: pause.trackId } });
    expect(sim.state.nowPlaying('u')).toMatchObject({ isPlaying: false, track: { id: pause.trackId } });
  });
});

describe('spotify sim: generated timelines', () => {
  const build = (seed: number) =>
    new SpotifySimState({ clock: new ManualClock(T0), seed, timeline: { start: T0 - 14 * DAY, days: 14 } });

  it('are deterministic per seed', () => {
    expect(build(5).playsOf('demo-bob')).toEqual(build(5).playsOf('demo-bob'));
    expect(build(5).playsOf('demo-bob')).not.toEqual(build(6).playsOf('demo-bob'));
  });

  it('contain skips, short plays, back-to-back repeats, pauses, offline bursts and idle nights', () => {
    const state = build(5);
    const plays = state.playsOf('demo-alice');
    expect(plays.length).toBeGreaterThan(14 * 20);
    expect(plays.some((p) => p.skipped && p.msPlayed < p.endedAt - p.startedAt + 1)).toBe(true);
    expect(plays.filter((p) => p.skipped).length / plays.length).toBeGreaterThan(0.05);
    expect(plays.some((p) => !p.skipped && p.msPlayed < 60_000)).toBe(true);
    expect(plays.some((p) => p.msPlayed < 30_000)).toBe(true);
    expect(plays.some((p, i) => i > 0 && plays[i - 1]!.trackId === p.trackId)).toBe(true);
    expect(state.user('demo-alice')!.timeline.pauses.length).toBeGreaterThan(0);
    const offline = plays.filter((p) => p.offline);
    expect(offline.length).toBeGreaterThan(0);
    expect(offline.every((p) => p.visibleAt > p.endedAt)).toBe(true);
    // demo-alice lives at UTC+1: no play starts between 02:00 and 06:59 her time.
    const localHour = (ms: number) => new Date(ms + 60 * MINUTE).getUTCHours();
    expect(plays.filter((p) => localHour(p.startedAt) >= 2 && localHour(p.startedAt) < 7)).toEqual([]);
    // Plays never overlap and played_at is the end of the play.
    for (let i = 1; i < plays.length; i++)
      expect(plays[i]!.startedAt).toBeGreaterThanOrEqual(plays[i - 1]!.endedAt);
    for (const p of plays) expect(p.endedAt - p.startedAt).toBe(p.msPlayed);
  });

  it('never reports plays in the future at the time of the request', () => {
    const state = build(9);
    const now = T0 - 3 * DAY;
    for (const p of state.visiblePlaysOf('demo-chen', now)) {
      expect(p.endedAt).toBeLessThanOrEqual(now);
      expect(p.visibleAt).toBeLessThanOrEqual(now);
    }
  });
});
