/**
 * What a managed playlist holds: the shows of one place in a window from "now", their
 * matched artists' picked tracks, filtered and capped. Stored as JSON in
 * `playlists.definition`, so every refresh rebuilds the same kind of list.
 */
import { z } from 'zod';
import { DEFAULT_WINDOW_DAYS, parseWindow } from '../events/window.ts';
import { InputError } from '../util/errors.ts';

export type Audience = 'all' | 'known' | 'new';

export interface PlaylistDefinition {
  placeId: string;
  /** Days from the refresh on. */
  windowDays: number;
  /** Keep artists in this genre family (event classification or Spotify genres); null = all. */
  genre: string | null;
  /** `known`: only artists the user has played; `new`: only artists they have not. */
  audience: Audience;
  tracksPerArtist: number;
  maxTracks: number;
}

export const DEFAULT_TRACKS_PER_ARTIST = 3;
export const DEFAULT_MAX_TRACKS = 100;
const MAX_TRACKS_PER_ARTIST = 10;
/** Spotify's limit on a playlist's length. */
const MAX_PLAYLIST_TRACKS = 10_000;

/** A definition the user asked for that cannot be built; the message says what to type. */
export class PlaylistInputError extends InputError {
  readonly code = 'playlist_input';

  constructor(message: string) {
    super(message);
    this.name = 'PlaylistInputError';
  }
}

export const definitionSchema = z.object({
  placeId: z.string().min(1),
  windowDays: z.number().int().min(1),
  genre: z.string().nullable(),
  audience: z.enum(['all', 'known', 'new']),
  tracksPerArtist: z.number().int().min(1),
  maxTracks: z.number().int().min(1),
});

export interface DefinitionInput {
  placeId: string;
  window?: string | number;
  genre?: string;
  onlyKnown?: boolean;
  onlyNew?: boolean;
  tracksPerArtist?: string | number;
  maxTracks?: string | number;
}

/** Turns CLI options into a definition, with the defaults and readable errors. */
export function parseDefinition(input: DefinitionInput): PlaylistDefinition {
  if (input.onlyKnown && input.onlyNew)
    throw new PlaylistInputError('Choose --only-known or --only-new, not both.');
  const genre = input.genre?.trim() || null;
  if (input.genre !== undefined && !genre) throw new PlaylistInputError('--genre must not be empty.');
  let windowDays: number;
  try {
    windowDays = parseWindow(input.window ?? DEFAULT_WINDOW_DAYS);
  } catch (error) {
    throw new PlaylistInputError((error as Error).message);
  }
  return {
    placeId: input.placeId,
    windowDays,
    genre,
    audience: input.onlyKnown ? 'known' : input.onlyNew ? 'new' : 'all',
    tracksPerArtist: wholeNumber(
      '--tracks-per-artist',
      input.tracksPerArtist ?? DEFAULT_TRACKS_PER_ARTIST,
      MAX_TRACKS_PER_ARTIST,
    ),
    maxTracks: wholeNumber('--max-tracks', input.maxTracks ?? DEFAULT_MAX_TRACKS, MAX_PLAYLIST_TRACKS),
  };
}

function wholeNumber(flag: string, input: string | number, max: number): number {
  const text = String(input).trim();
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(value) || value < 1 || value > max)
    throw new PlaylistInputError(`${flag} must be a whole number from 1 to ${max} (got "${input}").`);
  return value;
}

/** Reads a stored definition (the JSON column). */
export function readDefinition(json: unknown): PlaylistDefinition {
  const value = typeof json === 'string' ? JSON.parse(json) : json;
  return definitionSchema.parse(value);
}

/** "Shows near Buffalo, NY · next 90 days · rock · artists you know" */
export function describeDefinition(def: PlaylistDefinition, placeName: string): string {
  const parts = [`Shows near ${placeName}`, `next ${def.windowDays} days`];
  if (def.genre) parts.push(def.genre);
  if (def.audience === 'known') parts.push('artists you know');
  if (def.audience === 'new') parts.push('artists new to you');
  return parts.join(' · ');
}
