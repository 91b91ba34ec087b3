/**
 * Shows benchmark: one simulated metro (≥ 1,500 shows, ≥ 3,000 performer slots,
 * ≥ 1,200 distinct artists, most linked to Spotify by Ticketmaster, the hard matching
 * cases included), a Development Mode Spotify app, setlist.fm on — all simulators over
 * real HTTP on 127.0.0.1, time on a ManualClock so the throttles cost simulated time only.
 *
 * Measures encore's first sync (Spotify calls per distinct new artist), an unchanged
 * rerun (Spotify search + track calls), simulated time against the throttles' lower
 * bound, and matching precision/recall against the world's ground truth for encore and
 * for the original rule (best partial_ratio among the first 5 search results, > 80).
 */
import { createLinkedWorld } from '../sim/concerts/spotify-world.ts';
import {
  BENCHMARK_WORLD_OPTIONS,
  DEFAULT_WORLD_PLACES,
  type WorldArtist,
  type WorldEvent,
} from '../sim/concerts/world.ts';
import { startSetlistFmSim } from '../sim/setlistfm/index.ts';
import { parseSearchQuery, searchArtists } from '../sim/spotify/search-match.ts';
import { startTicketmasterSim } from '../sim/ticketmaster/index.ts';
import { createSetlistFmClient } from '../src/enrich/setlistfm.ts';
import { createTicketmasterSource } from '../src/events/ticketmaster.ts';
import { runShowsSync, type ShowsSyncResult } from '../src/jobs/shows-sync.ts';
import { baselineDecide } from '../src/matching/index.ts';
import { savePlace } from '../src/store/places.ts';
import { resolvePerformerArtists } from '../src/shows/billing-matches.ts';
import { startHarness } from '../test/helpers/harness.ts';

const START = Date.UTC(2026, 10, 2, 12);
const DAY = 86_400_000;
const USER = 'demo-alice';
/** Requests per second each client is throttled to (the real APIs' limits). */
const RATES = { spotify: 8, ticketmaster: 5, setlistfm: 2 };
const BASELINE_CALLS_PER_ARTIST = 1 + 1 + 10; // search + top-tracks + 10 single audio-feature calls

/** Built-in billings that are not one Spotify artist, and who they really are. */
const UNLINKED_TRUTH: Record<string, string[]> = {
  'Muse: Will of the People Tour': ['Muse'],
  'Khruangbin & Leon Bridges': ['Khruangbin', 'Leon Bridges'],
  'Bonnie Raitt with Lyle Lovett': ['Bonnie Raitt', 'Lyle Lovett'],
};

async function main() {
  const wallStart = performance.now();
  const sims = await startWorld();
  const { h, world } = sims;
  const run = showsSync(sims);

  const simStart = h.clock.now();
  const first = await run();
  const simElapsed = h.clock.now() - simStart;
  const calls = first.report.apiCalls;
  const callsOf = (api: string) =>
    Object.entries(calls)
      .filter(([k]) => k.startsWith(`${api} `))
      .reduce((sum, [, n]) => sum + n, 0);
  const bound = Math.max(...Object.entries(RATES).map(([api, rate]) => (callsOf(api) / rate) * 1000));
  const spotifyFirst = callsOf('spotify');

  h.clock.advance(3_600_000);
  const rerun = await run();
  const rerunCalls = Object.entries(rerun.report.apiCalls)
    .filter(([k]) => /^spotify .*(\/search|\/tracks|\/artists|top-tracks|audio-features)/.test(k))
    .reduce((sum, [, n]) => sum + n, 0);

  const quality = await scoreMatching(h.db, world.artists, world.events, (name) =>
    searchArtists(h.sim.state.catalog, parseSearchQuery(name)).slice(0, 10),
  );
  const shape = await worldShape(h.db);
  const distinctNew = first.match!.performers;
  const callsPerArtist = spotifyFirst / distinctNew;

  printDetails(first, { shape, spotifyFirst, distinctNew, simElapsed, bound, rerun, quality });
  console.log(
    `wall time ${((performance.now() - wallStart) / 1000).toFixed(1)} s (simulated ${(simElapsed / 1000).toFixed(0)} s)`,
  );
  await sims.tm.close();
  await sims.setlist.close();
  await h.close();
  console.log(
    [
      'shows',
      `calls_per_artist=${callsPerArtist.toFixed(2)}`,
      `baseline_calls_per_artist=${BASELINE_CALLS_PER_ARTIST}`,
      `rerun_calls=${rerunCalls}`,
      `precision=${quality.encore.precision.toFixed(3)}`,
      `recall=${quality.encore.recall.toFixed(3)}`,
      `baseline_precision=${quality.baseline.precision.toFixed(3)}`,
      `baseline_recall=${quality.baseline.recall.toFixed(3)}`,
      `wall_vs_bound=${(simElapsed / bound).toFixed(2)}`,
    ].join(' '),
  );
}

/** The metro's world and every simulator over it, with the user connected and the place saved. */
async function startWorld() {
  const metro = DEFAULT_WORLD_PLACES[0]!;
  const linked = createLinkedWorld({
    world: { ...BENCHMARK_WORLD_OPTIONS, seed: 7, start: START, places: [metro] },
    spotifySeed: 11,
  });
  const { world } = linked;
  const h = await startHarness({
    start: START,
    sim: { seed: 11, catalog: linked.catalog, tier: 'development', timeline: { days: 3 } },
  });
  const now = () => h.clock.now();
  const tm = await startTicketmasterSim({ world, now });
  const setlist = await startSetlistFmSim({
    world,
    catalog: h.sim.state.catalog,
    now,
    ratePerSecond: RATES.setlistfm,
  });
  await h.connect(USER);
  await savePlace(
    h.db,
    {
      id: 'metro',
      name: metro.name,
      kind: 'point',
      lat: metro.lat,
      lon: metro.lon,
      radiusMiles: 60,
      countryCode: 'US',
    },
    new Date(START),
  );
  return { world, h, tm, setlist };
}

/** One shows sync of the metro as the job runs it, Ticketmaster and setlist.fm throttled to their real rates. */
function showsSync({ h, tm, setlist }: Awaited<ReturnType<typeof startWorld>>) {
  const counter = h.services.spotify.counter;
  const common = { clock: h.clock, logger: h.logger, counter };
  return () =>
    runShowsSync(
      {
        db: h.db,
        clock: h.clock,
        logger: h.logger,
        sources: [
          createTicketmasterSource({
            apiKey: 'sim-ticketmaster-key',
            baseUrl: tm.url,
            retryDelayMs: 1000,
            ...common,
          }),
        ],
        spotify: h.services.spotify.client,
        userId: USER,
        setlistfm: createSetlistFmClient({
          apiKey: 'sim-setlistfm-key',
          baseUrl: setlist.url,
          ratePerSecond: RATES.setlistfm,
          ...common,
        }),
        counters: [counter],
      },
      { window: { from: new Date(h.clock.now()), to: new Date(START + 95 * DAY) } },
    );
}

type Db = Awaited<ReturnType<typeof startHarness>>['db'];

async function worldShape(db: Db) {
  const one = async (sql: string) => (await db.one<{ n: number }>(sql))!.n;
  return {
    events: await one(`SELECT count(*)::INTEGER AS n FROM events`),
    slots: await one(`SELECT count(*)::INTEGER AS n FROM event_performers`),
    distinct: await one(`SELECT count(DISTINCT lower(name))::INTEGER AS n FROM event_performers`),
    linkedShare: await one(
      `SELECT round(100.0 * count(spotify_artist_id) / count(*))::INTEGER AS n FROM event_performers`,
    ),
  };
}

interface Tally {
  accepted: number;
  correct: number;
  expected: number;
}

const ratio = (a: number, b: number) => (b === 0 ? 1 : a / b);

/**
 * Ground truth per distinct billing stored from upcoming, non-cancelled shows: the world
 * artist billed there (its Spotify id; none for tributes and acts not on Spotify; the
 * real artists of a co-bill or a tour title); for an event-name bill, the performers the
 * name mentions. encore is scored on what it stored; the original rule on one search of
 * the raw billing (same simulated search, outside the call counts).
 */
async function scoreMatching(
  db: Db,
  artists: WorldArtist[],
  events: WorldEvent[],
  search: (name: string) => Array<{ id: string; name: string }>,
) {
  const byName = new Map(artists.map((a) => [a.name, a]));
  const eventById = new Map(events.map((e) => [e.id, e]));
  const truthOf = (artist: WorldArtist): string[] =>
    artist.spotifyId
      ? [artist.spotifyId]
      : (UNLINKED_TRUTH[artist.name] ?? [])
          .map((n) => byName.get(n)?.spotifyId)
          .filter((id): id is string => !!id);
  const rows = await db.all<{ source_id: string; position: number; name: string; billed_from: string }>(
    `SELECT e.source_id, p.position, p.name, p.billed_from FROM event_performers p JOIN events e USING (event_key)
     WHERE e.status <> 'cancelled' AND e.source = 'ticketmaster'`,
  );
  const expected = new Map<string, Set<string>>();
  for (const row of rows) {
    const event = eventById.get(row.source_id);
    if (!event) continue;
    const billed = event.performers.map((i) => artists[i]!);
    const truth =
      row.billed_from === 'event_name'
        ? billed.filter((a) => row.name.includes(a.name)).flatMap(truthOf)
        : billed[row.position]
          ? truthOf(billed[row.position]!)
          : [];
    const set = expected.get(row.name) ?? new Set<string>();
    for (const id of truth) set.add(id);
    expected.set(row.name, set);
  }
  const names = [...expected.keys()];
  const stored = await resolvePerformerArtists(db, names);
  const encore: Tally = { accepted: 0, correct: 0, expected: 0 };
  const baseline: Tally = { accepted: 0, correct: 0, expected: 0 };
  const wrong: string[] = [];
  for (const name of names) {
    const truth = expected.get(name)!;
    encore.expected += truth.size;
    baseline.expected += truth.size;
    for (const a of stored.get(name) ?? []) {
      encore.accepted++;
      if (truth.has(a.artistId)) encore.correct++;
      else wrong.push(`${name} → ${a.artistName}`);
    }
    const b = baselineDecide({ performer: name, candidates: search(name) });
    if (b.artistId) {
      baseline.accepted++;
      if (truth.has(b.artistId)) baseline.correct++;
    }
  }
  return {
    billings: names.length,
    wrong,
    encore: {
      precision: ratio(encore.correct, encore.accepted),
      recall: ratio(encore.correct, encore.expected),
    },
    baseline: {
      precision: ratio(baseline.correct, baseline.accepted),
      recall: ratio(baseline.correct, baseline.expected),
    },
  };
}

function printDetails(
  first: ShowsSyncResult,
  m: {
    shape: Awaited<ReturnType<typeof worldShape>>;
    spotifyFirst: number;
    distinctNew: number;
    simElapsed: number;
    bound: number;
    rerun: ShowsSyncResult;
    quality: Awaited<ReturnType<typeof scoreMatching>>;
  },
) {
  const { shape, quality } = m;
  console.log(
    `metro: ${shape.events} shows, ${shape.slots} performer slots, ${shape.distinct} distinct billings, ${shape.linkedShare}% linked to Spotify by the source`,
  );
  console.log('first sync API calls:');
  for (const [k, n] of Object.entries(first.report.apiCalls)) console.log(`  ${k}: ${n}`);
  console.log(`first sync counts: ${JSON.stringify(first.report.counts)}`);
  console.log(
    `spotify calls ${m.spotifyFirst} for ${m.distinctNew} distinct new performers; unmatched ${first.unmatched.length}`,
  );
  console.log(
    `simulated time ${(m.simElapsed / 1000).toFixed(0)} s; throttle lower bound ${(m.bound / 1000).toFixed(0)} s`,
  );
  console.log(`rerun API calls: ${JSON.stringify(m.rerun.report.apiCalls)}`);
  console.log(
    `scored ${quality.billings} billings; wrong accepts: ${quality.wrong.slice(0, 15).join(' | ') || 'none'}`,
  );
}

await main();
