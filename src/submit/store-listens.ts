import { randomUUID } from 'node:crypto';
import { withoutStoredPlays } from '../capture/known-plays.ts';
import type { CapturedPlay } from '../capture/play-rows.ts';
import { recordRawPayload } from '../store/catalog.ts';
import type { Db, Queryable } from '../store/db.ts';
import type { SubmittedListen } from './listens.ts';

/** `plays.source` of everything that arrives through POST /1/submit-listens. */
export const SOURCE_SUBMIT = 'listenbrainz_submit';

export interface SubmitOutcome {
  added: number;
  /** Listens that were already stored: re-sent, or the same play from Spotify or an import. */
  duplicates: number;
}

/**
 * Stores submitted listens for one account, through the de-duplication live capture uses
 * (src/jobs/capture/known-plays.ts): the same key at the same time is the same play, and
 * a play stored by another source within its reconciliation window is too. Unlike a
 * Spotify poll, a submission is also compared with live plays: a scrobbler connected to
 * Spotify reports the plays encore already captured, a few seconds apart. The raw
 * document is kept in raw_payloads, beside the resolved rows.
 */
export async function storeSubmittedListens(
  db: Db,
  userId: string,
  listens: SubmittedListen[],
  rawBody: string,
  nowMs: number,
): Promise<SubmitOutcome> {
  return db.transaction(async (tx) => {
    await recordRawPayload(tx, {
      id: `submit:${randomUUID()}`,
      source: 'listenbrainz:submit-listens',
      userId,
      runId: null,
      fetchedAt: nowMs,
      problem: null,
      body: rawBody,
    });
    const byKey = new Map(listens.map((l) => [`${l.trackKey}@${l.playedAtMs}`, l]));
    const candidates = [...byKey.values()].map((l) => asCaptured(userId, l));
    const fresh: CapturedPlay[] = [];
    for (const group of closeInTime(candidates))
      fresh.push(...(await withoutStoredPlays(tx, userId, group, { twinsAmongLive: true })));
    for (const play of fresh)
      await insertListen(tx, userId, byKey.get(`${play.trackId}@${play.playedAtMs}`)!);
    return { added: fresh.length, duplicates: listens.length - fresh.length };
  });
}

/** Listens split where they are an hour apart: an import spanning years reads only the stored plays near it. */
const GROUP_GAP_MS = 3_600_000;

function closeInTime(plays: CapturedPlay[]): CapturedPlay[][] {
  const sorted = [...plays].sort((a, b) => a.playedAtMs - b.playedAtMs);
  const groups: CapturedPlay[][] = [];
  for (const play of sorted) {
    const last = groups.at(-1);
    if (last && play.playedAtMs - last.at(-1)!.playedAtMs < GROUP_GAP_MS) last.push(play);
    else groups.push([play]);
  }
  return groups;
}

/** The de-duplication reads the key as `trackId`; name-keyed listens pass their name key. */
function asCaptured(userId: string, listen: SubmittedListen): CapturedPlay {
  return {
    userId,
    trackId: listen.trackKey,
    playedAtMs: listen.playedAtMs,
    trackName: listen.trackName,
    artistName: listen.artistName,
    albumName: listen.albumName,
    durationMs: listen.durationMs ?? 0,
    contextUri: null,
  };
}

async function insertListen(tx: Queryable, userId: string, listen: SubmittedListen): Promise<void> {
  await tx.run(
    `INSERT INTO plays (user_id, track_key, played_at, track_id, kind, track_name, artist_name, album_name, ms_played, ms_played_source, source)
     VALUES (?, ?, make_timestamptz(?::BIGINT * 1000), ?, 'track', ?, ?, ?, ?, ?, ?)
     ON CONFLICT DO NOTHING`,
    [
      userId,
      listen.trackKey,
      listen.playedAtMs,
      listen.trackId,
      listen.trackName,
      listen.artistName,
      listen.albumName,
      listen.durationMs,
      listen.durationMs === null ? null : 'track_length',
      SOURCE_SUBMIT,
    ],
  );
}
