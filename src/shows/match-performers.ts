/**
 * The match job: every performer billed on an upcoming, non-cancelled show gets a stored
 * decision — which Spotify artist it is, or that none is. A decision is made once per
 * performer key and never recomputed while the matcher version is unchanged; a manual
 * override (`encore match set`) is never touched. Each decision is committed on its own,
 * so a Spotify 429 that stops the run keeps everything decided so far, and the next run
 * picks up the rest.
 */
import { DeferredError } from '../http/index.ts';
import {
  type ArtistLink,
  cleanPerformer,
  MATCHER_VERSION,
  type PerformerMatch,
  performerKey,
} from '../matching/index.ts';
import type { SpotifyClient } from '../spotify/client.ts';
import type { Db } from '../store/db.ts';
import {
  artistPlayCounts,
  getLinkCheck,
  matchStates,
  type MatchRow,
  saveLinkCheck,
  saveMatch,
  setTribute,
  type UpcomingPerformer,
  upcomingPerformers,
} from '../store/matches.ts';
import type { Clock } from '../util/clock.ts';
import type { Logger } from '../util/logger.ts';
import { noProgress, type Progress } from '../util/progress.ts';
import { addClaim, type LinkClaims, rejectClaimedTwins, rejectGenreClashingTwins } from './claimed.ts';
import { type BillingDecision, CandidateCache, decideBillingWithSearch } from './decide-billing.ts';

export interface MatchDeps {
  db: Db;
  spotify: SpotifyClient;
  /** The account whose token searches Spotify and whose listening breaks ties. */
  userId: string;
  clock: Clock;
  logger: Logger;
  progress?: Progress;
  /**
   * Called after each billing's decision is stored, with the artists it was matched to
   * (the MBID only for a single-artist billing). The shows sync picks tracks here.
   */
  onDecided?: (artists: DecidedArtist[]) => Promise<void>;
}

export interface DecidedArtist {
  artistId: string;
  name: string;
  mbid: string | null;
}

export interface MatchReport {
  /** Distinct billed performer keys on upcoming shows. */
  performers: number;
  /** Keys decided in this run. */
  decided: number;
  /** Keys left alone: manual or already decided by this matcher version. */
  settled: number;
  byMethod: Record<string, number>;
  tributes: number;
  /** Performers (billing or part) decided as unmatched in this run. */
  unmatched: string[];
  linksVerified: number;
  /** Set when Spotify asked us to stop: the rest is decided by the next run. */
  deferred?: { resumeAt: number; message: string };
}

/** One billed spelling with everything the shows say about it. */
interface Billing {
  key: string;
  name: string;
  linkIds: Set<string>;
  genre: string | null;
  mbid: string | null;
  /** Every spelling billed under this key ("Muse", "MUSE"): all get the tribute flag. */
  spellings: Set<string>;
}

function groupBillings(performers: readonly UpcomingPerformer[]): Billing[] {
  const byKey = new Map<string, Billing>();
  for (const p of performers) {
    const key = performerKey(p.name);
    let billing = byKey.get(key);
    if (!billing) {
      billing = { key, name: p.name, linkIds: new Set(), genre: p.genre, mbid: p.mbid, spellings: new Set() };
      byKey.set(key, billing);
    }
    if (p.spotifyArtistId) billing.linkIds.add(p.spotifyArtistId);
    billing.spellings.add(p.name);
    billing.genre ??= p.genre;
    billing.mbid ??= p.mbid;
  }
  return [...byKey.values()];
}

export async function matchPerformers(deps: MatchDeps): Promise<MatchReport> {
  const { db, clock, logger } = deps;
  const progress = deps.progress ?? noProgress;
  const performers = await upcomingPerformers(db, new Date(clock.now()));
  // An empty billing ("" or only spaces) names nobody: nothing to decide or store.
  const billings = groupBillings(performers).filter((b) => b.key !== '');
  const states = await matchStates(db);
  const todo = billings.filter((b) => {
    const state = states.get(b.key);
    return !state || (!state.manual && state.matcherVersion < MATCHER_VERSION);
  });
  const report: MatchReport = {
    performers: billings.length,
    decided: 0,
    settled: billings.length - todo.length,
    byMethod: {},
    tributes: 0,
    unmatched: [],
    linksVerified: 0,
  };
  // Settled decisions still fill `tribute` on rows billed since (a new show, same act).
  for (const b of billings) {
    const state = states.get(b.key);
    if (!state || todo.includes(b)) continue;
    for (const spelling of b.spellings) await setTribute(db, spelling, state.tribute);
  }
  if (todo.length === 0) return report;

  const knownArtistIds = await artistPlayCounts(db, deps.userId);
  const claims: LinkClaims = new Map();
  for (const b of billings) for (const id of b.linkIds) addClaim(claims, id, b.name);
  const cache = new CandidateCache(async (name) =>
    (await deps.spotify.searchArtists(deps.userId, name, 10)).map((a) => ({
      id: a.id,
      name: a.name,
      genres: a.genres ?? [],
    })),
  );
  progress.start('matching performers', todo.length);
  try {
    for (const billing of todo) {
      const link = await sourceLink(deps, billing, report);
      const decided = await decideBillingWithSearch(billing.name, cache, {
        sourceGenre: billing.genre,
        link,
        knownArtistIds,
      });
      const checked = rejectClaimedTwins(decided.matches, claims);
      const decision = {
        ...decided,
        matches: rejectGenreClashingTwins(checked, billing.genre, decided.candidates),
      };
      await storeDecision(db, billing, decision, clock.now(), report);
      if (deps.onDecided) await deps.onDecided(decidedArtists(billing, decision));
      progress.tick(1, billing.name);
    }
  } catch (error) {
    if (!(error instanceof DeferredError)) throw error;
    report.deferred = { resumeAt: error.resumeAt, message: error.message };
    logger.warn('Spotify asked to wait: matching stops here and resumes on the next run', {
      decided: report.decided,
      left: todo.length - report.decided,
      resume_at: new Date(error.resumeAt).toISOString(),
    });
  }
  progress.done(`${report.decided} decided, ${report.settled} already known`);
  return report;
}

function decidedArtists(billing: Billing, decision: BillingDecision): DecidedArtist[] {
  const accepted = decision.matches.filter((m) => m.decision.artistId !== null);
  return accepted.map((m) => ({
    artistId: m.decision.artistId!,
    name: m.decision.artistName ?? m.name,
    mbid: accepted.length === 1 ? billing.mbid : null,
  }));
}

/**
 * The source's Spotify link, verified once ever per artist id (artist_link_checks). A
 * tribute billing never needs it: the act is not the artist it names.
 */
async function sourceLink(
  deps: MatchDeps,
  billing: Billing,
  report: MatchReport,
): Promise<ArtistLink | null> {
  const [artistId] = [...billing.linkIds];
  if (!artistId || cleanPerformer(billing.name).tribute) return null;
  let check = await getLinkCheck(deps.db, artistId);
  if (!check) {
    const artist = await deps.spotify.artist(deps.userId, artistId);
    check = { exists: artist !== null, name: artist?.name ?? null };
    await saveLinkCheck(deps.db, artistId, check, new Date(deps.clock.now()));
    report.linksVerified++;
  }
  return { artistId, verifiedName: check.exists ? (check.name ?? undefined) : null };
}

function rowFor(match: PerformerMatch, billing: Billing, candidates: unknown, now: number): MatchRow {
  const d = match.decision;
  return {
    performerKey: match.key,
    performerName: match.key === billing.key ? billing.name : match.name,
    artistId: d.artistId,
    artistName: d.artistName,
    method: d.method,
    score: d.score,
    runnerUp: d.runnerUp,
    reason: d.reason,
    tribute: d.tribute,
    candidates: candidates as MatchRow['candidates'],
    matcherVersion: MATCHER_VERSION,
    manual: false,
    decidedAt: new Date(now),
    partKeys: null,
  };
}

/** One transaction per billing: its row, its parts' rows (never over a manual part), its tribute flag. */
async function storeDecision(
  db: Db,
  billing: Billing,
  decision: BillingDecision,
  now: number,
  report: MatchReport,
): Promise<void> {
  const { matches } = decision;
  const candidatesOf = (name: string) => decision.candidates.get(name) ?? null;
  const tribute = matches.length === 1 && matches[0]!.decision.tribute;
  // One performer (perhaps cleaned: "Muse: World Tour" → "Muse") is stored under the billing's own key.
  const single = matches.length === 1;
  await db.transaction(async (tx) => {
    if (single) {
      const row = rowFor(matches[0]!, billing, candidatesOf(matches[0]!.name), now);
      await saveMatch(tx, { ...row, performerKey: billing.key, performerName: billing.name });
    } else {
      const states = await matchStates(tx);
      for (const m of matches) {
        if (!states.get(m.key)?.manual) await saveMatch(tx, rowFor(m, billing, candidatesOf(m.name), now));
      }
      const first = matches.find((m) => m.decision.artistId !== null);
      const parts = matches.map((m) => `"${m.name}" (${m.decision.method})`).join(', ');
      await saveMatch(tx, {
        ...rowFor(first ?? matches[0]!, billing, candidatesOf(billing.name), now),
        performerKey: billing.key,
        performerName: billing.name,
        method: 'split',
        reason: `Billed together; decided one by one: ${parts}.`,
        partKeys: matches.map((m) => m.key),
      });
    }
    for (const spelling of billing.spellings) await setTribute(tx, spelling, tribute);
  });
  report.decided++;
  if (tribute) report.tributes++;
  for (const m of matches) {
    report.byMethod[m.decision.method] = (report.byMethod[m.decision.method] ?? 0) + 1;
    if (m.decision.artistId === null) report.unmatched.push(m.name);
  }
}
