import { performerKey } from '../../matching/index.ts';
import { ManualMatchError, parseArtistTarget, setManualMatch } from '../../shows/manual-match.ts';
import { getMatch } from '../../store/matches.ts';
import type { WebDeps, WebUser } from '../context.ts';

export interface MatchFix {
  performer: string;
  /** An artist id among the decision's candidates, or "none" (not on Spotify). */
  candidate: string;
  /** A Spotify artist link or id, used when the candidate is none of the listed ones. */
  link: string;
}

/**
 * A correction from the Shows page: the chosen candidate, a pasted Spotify artist (looked
 * up with the account's token), or "not on Spotify". Undefined when encore has no decision
 * for the performer; otherwise whether it was saved and the sentence to show by the form.
 */
export async function applyMatchFix(
  deps: WebDeps,
  user: WebUser,
  fix: MatchFix,
): Promise<{ ok: boolean; text: string } | undefined> {
  const { performer, candidate, link } = fix;
  const current = performer ? await getMatch(deps.db, performerKey(performer)) : undefined;
  if (!current) return undefined;
  let artist: { id: string; name: string } | null = null;
  try {
    const known = (current.candidates ?? []).find((x) => x.id === candidate);
    if (known) artist = { id: known.id, name: known.name };
    else if (candidate !== 'none') {
      if (!link)
        throw new ManualMatchError(
          'Choose an artist from the list, paste a Spotify artist link, or choose "not on Spotify".',
        );
      const id = parseArtistTarget(link);
      if (id) {
        const found = await deps.services.spotify.client.artist(user.userId, id);
        if (!found) throw new ManualMatchError(`Spotify has no artist ${id}.`);
        artist = { id: found.id, name: found.name };
      }
    }
  } catch (error) {
    if (error instanceof ManualMatchError) return { ok: false, text: error.message };
    throw error;
  }
  await setManualMatch(deps.db, performer, artist, new Date(deps.clock.now()), 'web');
  return { ok: true, text: `${performer} → ${artist?.name ?? 'not on Spotify'}` };
}
