/**
 * `encore match set`: a decision made by hand. It is stored as `manual`, wins over every
 * later run (the matcher never recomputes it), and may say "none" (this performer is not
 * on Spotify, or encore should leave it out).
 */
import { MATCHER_VERSION, performerKey, spotifyArtistIdFromLink } from '../matching/index.ts';
import type { Queryable } from '../store/db.ts';
import { getMatch, type MatchRow, saveMatch } from '../store/matches.ts';
import { InputError } from '../util/errors.ts';

export class ManualMatchError extends InputError {
  readonly code = 'manual_match';
}

/** "spotify:artist:…", an open.spotify.com artist URL, a bare 22-character id, or "none". */
export function parseArtistTarget(text: string): string | null {
  const trimmed = text.trim();
  if (/^none$/i.test(trimmed)) return null;
  if (/^[0-9A-Za-z]{22}$/.test(trimmed)) return trimmed;
  const id = spotifyArtistIdFromLink(trimmed);
  if (!id) {
    throw new ManualMatchError(
      `"${text}" is not a Spotify artist. Give its URL (https://open.spotify.com/artist/…), its URI (spotify:artist:…) or none.`,
    );
  }
  return id;
}

export async function setManualMatch(
  db: Queryable,
  performer: string,
  artist: { id: string; name: string } | null,
  now: Date,
  via: 'cli' | 'web' = 'cli',
): Promise<MatchRow> {
  const key = performerKey(performer);
  // The explanation says where the decision was made, so people know where to undo it.
  const where = via === 'web' ? 'on the web' : '(encore match set)';
  if (!key) throw new ManualMatchError('The performer name is empty.');
  const previous = await getMatch(db, key);
  const when = now.toISOString().slice(0, 10);
  const row: MatchRow = {
    performerKey: key,
    performerName: previous?.performerName ?? performer,
    artistId: artist?.id ?? null,
    artistName: artist?.name ?? null,
    method: 'manual',
    score: 100,
    runnerUp:
      previous?.artistId && previous.artistId !== artist?.id
        ? { id: previous.artistId, name: previous.artistName ?? '', score: previous.score }
        : null,
    reason: artist
      ? `Set by hand on ${when} to "${artist.name}" ${where}; the matcher leaves it alone.`
      : `Set by hand on ${when} to none ${where}: not matched to any Spotify artist.`,
    tribute: previous?.tribute ?? false,
    candidates: previous?.candidates ?? null,
    matcherVersion: MATCHER_VERSION,
    manual: true,
    decidedAt: now,
    partKeys: null,
  };
  await saveMatch(db, row);
  return row;
}
