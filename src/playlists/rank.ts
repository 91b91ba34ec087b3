/**
 * The order of a shows playlist, as a pure function: soonest show first; within a day,
 * artists the user listens to first (most played first), then headliners before
 * support. An artist playing twice appears once, at its first show; a track picked for
 * two artists (a collaboration) appears once.
 */
import type { Audience } from './definition.ts';

export interface TrackPick {
  trackId: string;
  trackName: string | null;
}

/** One matched artist on one show's bill, with what the playlist may take from it. */
export interface ArtistSlot {
  eventKey: string;
  eventName: string;
  /** The venue's calendar date, YYYY-MM-DD. */
  localDate: string;
  startUtc: string | null;
  venueName: string;
  /** Billing position (0 = first billed) and co-bill part. */
  position: number;
  part: number;
  headliner: boolean;
  artistId: string;
  artistName: string;
  plays: number;
  /** Picks, best first. */
  picks: TrackPick[];
}

export interface RankOptions {
  audience: Audience;
  tracksPerArtist: number;
  maxTracks: number;
}

export interface PlaylistTrack {
  trackId: string;
  trackName: string | null;
  artistId: string;
  artistName: string;
  eventKey: string;
  eventName: string;
  localDate: string;
  venueName: string;
  headliner: boolean;
  plays: number;
}

export function compareSlots(a: ArtistSlot, b: ArtistSlot): number {
  return (
    a.localDate.localeCompare(b.localDate) ||
    Number(b.plays > 0) - Number(a.plays > 0) ||
    Number(b.headliner) - Number(a.headliner) ||
    b.plays - a.plays ||
    compareStart(a.startUtc, b.startUtc) ||
    a.eventKey.localeCompare(b.eventKey) ||
    a.position - b.position ||
    a.part - b.part
  );
}

function compareStart(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return Date.parse(a) - Date.parse(b);
}

/** The audience filter: `known` keeps artists the user has streamed, `new` the others. */
export function inAudience(slot: ArtistSlot, audience: Audience): boolean {
  if (audience === 'known') return slot.plays > 0;
  if (audience === 'new') return slot.plays === 0;
  return true;
}

/** The playlist's tracks, in order, each with the show and artist it is there for. */
export function rankPlaylistTracks(slots: readonly ArtistSlot[], options: RankOptions): PlaylistTrack[] {
  const ordered = slots.filter((s) => inAudience(s, options.audience)).sort(compareSlots);
  const seenArtists = new Set<string>();
  const seenTracks = new Set<string>();
  const out: PlaylistTrack[] = [];
  for (const slot of ordered) {
    if (seenArtists.has(slot.artistId)) continue;
    seenArtists.add(slot.artistId);
    let taken = 0;
    for (const pick of slot.picks) {
      if (taken >= options.tracksPerArtist || out.length >= options.maxTracks) break;
      if (seenTracks.has(pick.trackId)) continue;
      seenTracks.add(pick.trackId);
      taken++;
      out.push({
        trackId: pick.trackId,
        trackName: pick.trackName,
        artistId: slot.artistId,
        artistName: slot.artistName,
        eventKey: slot.eventKey,
        eventName: slot.eventName,
        localDate: slot.localDate,
        venueName: slot.venueName,
        headliner: slot.headliner,
        plays: slot.plays,
      });
    }
    if (out.length >= options.maxTracks) break;
  }
  return out;
}
