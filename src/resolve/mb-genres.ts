import { type MusicBrainzClient, spotifyArtistUrl } from '../enrich/musicbrainz.ts';
import { normaliseName } from '../matching/normalise.ts';

/** At most this many genres are kept, most voted first. */
const MAX_GENRES = 5;
/** Free-form tags count as genres only with this many votes ("seen live" by one user is not a genre). */
const MIN_TAG_VOTES = 2;

export type MbGenreResult =
  | { outcome: 'found'; mbid: string; genres: string[]; via: 'url' | 'name' }
  | { outcome: 'no_genres'; mbid: string; via: 'url' | 'name' }
  | { outcome: 'not_found' | 'ambiguous' | 'other_artist'; detail: string };

/**
 * A Spotify artist's MusicBrainz entry and genres, without guessing: first the URL
 * relation to the artist's Spotify page (an identity, not a guess); failing that, a name
 * search accepted only when exactly one artist has the very same (normalised) name and it
 * is not linked to another Spotify artist.
 */
export async function musicBrainzGenres(
  mb: MusicBrainzClient,
  spotifyArtistId: string,
  name: string,
): Promise<MbGenreResult> {
  const linked = await mb.artistsBySpotifyId(spotifyArtistId);
  if (linked.length > 1)
    return { outcome: 'ambiguous', detail: `${linked.length} MusicBrainz artists link this Spotify page` };
  let mbid = linked[0]?.id;
  const via = mbid ? 'url' : 'name';
  if (!mbid) {
    const wanted = normaliseName(name);
    const hits = wanted ? await mb.searchArtists(name) : [];
    const equal = hits.filter((h) => normaliseName(h.name) === wanted);
    if (equal.length === 0) return { outcome: 'not_found', detail: 'no MusicBrainz artist with this name' };
    if (equal.length > 1)
      return { outcome: 'ambiguous', detail: `${equal.length} MusicBrainz artists share this name` };
    mbid = equal[0]!.id;
  }
  const details = await mb.artist(mbid);
  if (!details) return { outcome: 'not_found', detail: `MusicBrainz artist ${mbid} not found` };
  const ownUrl = spotifyArtistUrl(spotifyArtistId);
  const spotifyUrls = details.urls.filter((u) => /open\.spotify\.com\/artist\//.test(u));
  if (via === 'name' && spotifyUrls.length > 0 && !spotifyUrls.includes(ownUrl)) {
    return {
      outcome: 'other_artist',
      detail: 'the MusicBrainz artist of that name is another Spotify artist',
    };
  }
  // Curated genres first; bare tags only with real votes behind them.
  const genres = details.genres.length
    ? details.genres
    : details.tags.filter((t) => t.count >= MIN_TAG_VOTES);
  const top = [...genres]
    .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name))
    .slice(0, MAX_GENRES)
    .map((g) => g.name.toLowerCase());
  return top.length ? { outcome: 'found', mbid, genres: top, via } : { outcome: 'no_genres', mbid, via };
}
