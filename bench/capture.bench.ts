/**
 * Capture benchmark: a simulated week for 3 users against the Spotify simulator over
 * real HTTP, compared with the original design (currently-playing every 60 s, one row
 * per poll while playing) on the same timeline.
 *
 * Recall counts the plays the API exposed — those that sat in some account's last-50
 * recently-played window at a moment encore was running — that ended up stored.
 */

import { DAY, DEFAULT_USERS, HOUR, MINUTE, type Play, startSpotifySim } from '../sim/spotify/index.ts';
import { runCapturePass } from '../src/jobs/capture.ts';
import { loadPollState } from '../src/capture/capture-user.ts';
import { type PollState, SAFE_MAX_INTERVAL_MS } from '../src/capture/poll-schedule.ts';
import { ManualClock } from '../src/util/clock.ts';
import { startHarness } from '../test/helpers/harness.ts';

const USERS = ['demo-alice', 'demo-bob', 'demo-chen'];
const START = Date.UTC(2026, 9, 5); // a Monday, 00:00 UTC
/** The simulated world; `BENCH_SEED=n` measures another one. */
const SEED = Number(process.env.BENCH_SEED ?? 2026);
const END = START + 7 * DAY;
const DOWNTIME = { from: START + 3 * DAY + 9 * HOUR, to: START + 3 * DAY + 15 * HOUR };
const isUp = (t: number) => t < DOWNTIME.from || t >= DOWNTIME.to;
const keyOf = (p: Pick<Play, 'userId' | 'trackId' | 'endedAt'>) => `${p.userId}|${p.trackId}|${p.endedAt}`;

const TIMELINE = {
  start: START - DAY,
  days: 9,
  playsPerDayRange: [95, 130] as [number, number],
  repeatRate: 0.05,
  skipRate: 0.15,
};

/** One 2-hour offline burst per user on day 3, starting with a play, synced 3 hours after it ends. */
async function offlineBurstsPerUser() {
  const probe = await startSpotifySim({
    clock: new ManualClock(START),
    seed: SEED,
    timeline: { ...TIMELINE, offlineBursts: [] },
  });
  const specs = USERS.map((id) => {
    const first = probe.state.playsOf(id).find((p) => p.startedAt >= START + 2 * DAY + 8 * HOUR)!;
    const offlineBursts = [
      { startOffsetMs: first.startedAt - TIMELINE.start, durationMs: 2 * HOUR, syncDelayMs: 3 * HOUR },
    ];
    return { ...DEFAULT_USERS.find((u) => u.id === id)!, timeline: { offlineBursts } };
  });
  await probe.close();
  return specs;
}

type Harness = Awaited<ReturnType<typeof startHarness>>;
type PollCounts = { found: number; empty: number; idle: number };

async function main() {
  const users = await offlineBurstsPerUser();
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => k.startsWith('ENCORE_POLL_')),
  ) as Record<string, string>;
  const h = await startHarness({ start: START, sim: { seed: SEED, timeline: TIMELINE, users }, env });
  for (const user of USERS) await h.connect(user);
  const run = await runEncoreWeek(h);
  const world = exposedPlays(h);
  const encore = await scoreEncore(h, world.inWindow, run.storedAt);
  const baseline = runBaseline(h, world.inWindow);
  printReport(h, { ...run, ...world, ...encore, ...baseline });
  await h.close();
}

/** encore: run capture whenever an account is due, as the scheduler does; nothing runs while down. */
async function runEncoreWeek(h: Harness) {
  const callsBefore = h.sim.state.callCount('/v1');
  const storedAt = new Map<string, number>();
  const polls: PollCounts = { found: 0, empty: 0, idle: 0 };
  // Plays of the week's last minutes are stored by the polls just after it: run on until
  // the longest possible wait has passed (recall still counts only the week's plays).
  while (h.clock.now() < END + SAFE_MAX_INTERVAL_MS) {
    if (!isUp(h.clock.now())) {
      // `encore serve` runs a last capture pass when it is stopped, then nothing until restart.
      h.clock.set(DOWNTIME.from);
      await runCapturePass({ ...h.ctx, services: h.services });
      h.clock.set(DOWNTIME.to);
    }
    const before = new Map<string, PollState>();
    for (const user of USERS) before.set(user, await loadPollState(h.db, user, h.clock.now()));
    const report = await runCapturePass({ ...h.ctx, services: h.services }, { onlyDue: true });
    await countPolls(h, before, polls);
    if ((report.counts.plays_added ?? 0) > 0) {
      for (const k of await storedKeys(h)) if (!storedAt.has(k)) storedAt.set(k, h.clock.now());
    }
    let next = Number.POSITIVE_INFINITY;
    for (const user of USERS)
      next = Math.min(next, (await loadPollState(h.db, user, h.clock.now())).nextPollAt);
    h.clock.set(Math.max(next, h.clock.now() + 1000));
  }
  return { storedAt, polls, encoreCalls: h.sim.state.callCount('/v1') - callsBefore };
}

/** Which accounts this pass polled, and whether the poll found plays, none while listening, or idled. */
async function countPolls(h: Harness, before: Map<string, PollState>, polls: PollCounts) {
  for (const user of USERS) {
    const after = await loadPollState(h.db, user, h.clock.now());
    if (after.lastPollAt === before.get(user)!.lastPollAt) continue;
    const found = after.cursorMs !== before.get(user)!.cursorMs;
    polls[found ? 'found' : after.intervalMs < h.config.capture.idleMaxIntervalMs ? 'empty' : 'idle']++;
  }
}

/** Every stored play as its `user|track|endedAt` key (duplicates kept). */
async function storedKeys(h: Harness): Promise<string[]> {
  const rows = await h.db.all<{ k: string }>(
    "SELECT user_id || '|' || track_id || '|' || epoch_ms(played_at) AS k FROM plays",
  );
  return rows.map((r) => r.k);
}

/** Ground truth: what the API exposed while encore could have looked (sampled each minute). */
function exposedPlays(h: Harness) {
  const exposed = new Map<string, Play>();
  const allPlays: Play[] = [];
  for (const user of USERS) {
    for (let t = START; t < END; t += MINUTE) {
      if (!isUp(t)) continue;
      for (const p of h.sim.state.visiblePlaysOf(user, t)) exposed.set(keyOf(p), p);
    }
    allPlays.push(...h.sim.state.playsOf(user).filter((p) => p.endedAt >= START && p.endedAt < END));
  }
  const inWindow = [...exposed.values()].filter((p) => p.endedAt >= START && p.endedAt < END);
  return { allPlays, inWindow };
}

/** Recall, duplicates and median delay of what encore stored; prints every missed play. */
async function scoreEncore(h: Harness, inWindow: Play[], storedAt: Map<string, number>) {
  const keys = await storedKeys(h);
  const stored = new Set(keys);
  const duplicates = keys.length - stored.size;
  const captured = inWindow.filter((p) => stored.has(keyOf(p)));
  const recall = captured.length / inWindow.length;
  for (const p of inWindow.filter((q) => !stored.has(keyOf(q)))) {
    const at = (t: number) => `day ${((t - START) / DAY).toFixed(3)}`;
    console.log(
      `missed: ${p.userId} ended ${at(p.endedAt)} visible ${at(p.visibleAt)} offline=${p.offline} played ${Math.round(p.msPlayed / 1000)}s`,
    );
  }
  const delays = captured
    .map((p) => (storedAt.get(keyOf(p)) ?? Number.NaN) - p.endedAt)
    .filter((d) => Number.isFinite(d) && d >= 0)
    .sort((a, b) => a - b);
  const medianDelayMin = (delays[Math.floor(delays.length / 2)] ?? 0) / MINUTE;
  return { captured, duplicates, recall, medianDelayMin };
}

/** Baseline: currently-playing every 60 s while up; a play is logged if any poll saw it. */
function runBaseline(h: Harness, inWindow: Play[]) {
  let baselineCalls = 0;
  let baselineRows = 0;
  const baselineSeen = new Set<string>();
  for (const user of USERS) {
    for (let t = START; t < END; t += MINUTE) {
      if (!isUp(t)) continue;
      baselineCalls++;
      const now = h.sim.state.nowPlaying(user, t);
      if (now?.isPlaying) {
        baselineRows++;
        baselineSeen.add(keyOf(now.play));
      }
    }
  }
  const baselineRecall = inWindow.filter((p) => baselineSeen.has(keyOf(p))).length / inWindow.length;
  return { baselineCalls, baselineRows, baselineSeen, baselineRecall };
}

function printReport(
  h: Harness,
  r: Awaited<ReturnType<typeof runEncoreWeek>> &
    ReturnType<typeof exposedPlays> &
    Awaited<ReturnType<typeof scoreEncore>> &
    ReturnType<typeof runBaseline>,
) {
  const { allPlays, inWindow, captured, duplicates, encoreCalls, polls } = r;
  const trackIds = new Set(allPlays.map((p) => p.trackId));
  const short = [...trackIds].filter(
    (id) => (h.sim.state.catalog.track(id)?.durationMs ?? 1e9) < 60_000,
  ).length;
  const repeats = allPlays.filter(
    (p, i) => i > 0 && allPlays[i - 1]!.trackId === p.trackId && allPlays[i - 1]!.userId === p.userId,
  ).length;
  console.log(
    `world: ${allPlays.length} plays in the week, ${inWindow.length} exposed while encore ran, ${trackIds.size} tracks (${((100 * short) / trackIds.size).toFixed(1)}% under 60 s)`,
  );
  console.log(
    `world: ${allPlays.filter((p) => p.skipped).length} skips, ${repeats} back-to-back repeats, ${allPlays.filter((p) => p.offline).length} offline plays, downtime 6 h`,
  );
  console.log(
    `encore: stored ${captured.length}/${inWindow.length}, ${duplicates} duplicates, ${encoreCalls} Spotify calls, median delay ${r.medianDelayMin.toFixed(1)} min`,
  );
  console.log(
    `encore polls: ${polls.found} found new plays, ${polls.empty} found none while listening, ${polls.idle} idle`,
  );
  console.log(
    `baseline: ${r.baselineCalls} calls, ${r.baselineRows} rows for ${r.baselineSeen.size} plays (${r.baselineRows - r.baselineSeen.size} repeated rows)`,
  );
  console.log(
    `capture recall=${r.recall.toFixed(4)} duplicates=${duplicates} calls=${encoreCalls} calls_per_play=${(encoreCalls / Math.max(1, captured.length)).toFixed(2)} baseline_recall=${r.baselineRecall.toFixed(2)} baseline_calls=${r.baselineCalls} call_ratio=${(encoreCalls / r.baselineCalls).toFixed(3)}`,
  );
}

await main();
