/**
 * "The songs you will hear at the show": an artist's songs ranked by how many of its
 * recent setlists played them. Pure. Songs played from tape (walk-on music, intros) are
 * not the artist playing and are skipped; covers are skipped too (the Spotify track would
 * be someone else's recording); empty stub setlists simply count for nothing.
 */
import type { Setlist } from '../enrich/setlistfm.ts';
import { normaliseName } from '../matching/index.ts';

export interface RankedSong {
  name: string;
  /** Setlists it was played in. */
  plays: number;
}

export function rankSetlistSongs(setlists: readonly Setlist[], artistName: string): RankedSong[] {
  const wanted = normaliseName(artistName);
  const counts = new Map<string, { name: string; plays: number; first: number }>();
  let order = 0;
  for (const setlist of setlists) {
    // A search by name also finds "The Band Perry" for "The Band": keep the artist's own.
    if (wanted && normaliseName(setlist.artist.name) !== wanted) continue;
    const seen = new Set<string>();
    for (const set of setlist.sets?.set ?? []) {
      for (const song of set.song ?? []) {
        const name = song.name?.trim();
        if (!name || song.tape || song.cover) continue;
        const key = songKey(name);
        if (!key || seen.has(key)) continue;
        seen.add(key);
        const entry = counts.get(key) ?? { name, plays: 0, first: order++ };
        entry.plays++;
        counts.set(key, entry);
      }
    }
  }
  return [...counts.values()]
    .sort((a, b) => b.plays - a.plays || a.first - b.first)
    .map(({ name, plays }) => ({ name, plays }));
}

/** A title without version suffixes: "Song - Live", "Song - Remastered 2011", "Song (Live)". */
export function songKey(title: string): string {
  const base = title
    .replace(
      /\s+-\s+(live|remaster(ed)?|\d{4} remaster(ed)?|mono|stereo|single version|radio edit)\b.*$/i,
      '',
    )
    .replace(/\s*\((live|remaster(ed)?[^)]*|feat\.[^)]*|with [^)]*)\)\s*$/i, '');
  return normaliseName(base);
}
