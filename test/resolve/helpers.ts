import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type RunningMusicBrainzSim, startMusicBrainzSim } from '../../sim/musicbrainz/index.ts';
import {
  type Catalog,
  type CatalogArtist,
  type CatalogTrack,
  createCatalog,
} from '../../sim/spotify/catalog.ts';
import { importHistory } from '../../src/jobs/history-import.ts';
import type { RunReport } from '../../src/store/job-runs.ts';
import { type ResolveClients, SpotifyBudget } from '../../src/resolve/index.ts';
import { resolveCatalog } from '../../src/jobs/resolve.ts';
import { type Harness, startHarness } from '../helpers/harness.ts';
import { openResolveClients } from '../../src/app/resolve-clients.ts';
import { accountRow, extendedRow } from '../history/helpers/fixtures.ts';

/** The Spotify sim (seed 11, with re-released singles), the MusicBrainz sim over the same catalog, a DuckDB file. */
export const SEED = 11;
export const CATALOG_OPTIONS = { reissues: 3 };
export const USER = 'demo-alice';

export interface ResolveWorld {
  h: Harness;
  mb: RunningMusicBrainzSim;
  catalog: Catalog;
  clients: ResolveClients;
  /** One resolve run for USER with this budget. */
  resolve(budget?: number): Promise<RunReport>;
  /** Imports rows as an extended history file and/or an account-data file. */
  importRows(extended: object[], account?: object[]): Promise<void>;
  close(): Promise<void>;
}

export async function startResolveWorld(env: Record<string, string> = {}): Promise<ResolveWorld> {
  const catalog = createCatalog(SEED, CATALOG_OPTIONS);
  const clockRef: { now?: () => number } = {};
  const mb = await startMusicBrainzSim({ catalog, now: () => clockRef.now?.() ?? Date.now() });
  const h = await startHarness({
    sim: { catalog: CATALOG_OPTIONS },
    env: { MUSICBRAINZ_API_URL: mb.url, MUSICBRAINZ_CONTACT: 'https://example.org/encore-tests', ...env },
  });
  clockRef.now = () => h.clock.now();
  await h.connect(USER);
  const clients = await openResolveClients(h, h.services);
  let files = 0;
  const world: ResolveWorld = {
    h,
    mb,
    catalog,
    clients,
    resolve: (budget = 10_000) =>
      resolveCatalog({
        db: h.db,
        ...clients,
        budget: new SpotifyBudget(budget, clients.spotify.counter),
        clock: h.clock,
        logger: h.logger,
        userId: USER,
      }),
    async importRows(extended, account = []) {
      const inputs: Array<{ path: string }> = [];
      files++;
      if (extended.length) {
        const path = join(h.dir, `Streaming_History_Audio_${files}.json`);
        writeFileSync(path, JSON.stringify(extended));
        inputs.push({ path });
      }
      if (account.length) {
        const path = join(h.dir, `StreamingHistory_music_${files}.json`);
        writeFileSync(path, JSON.stringify(account));
        inputs.push({ path });
      }
      await importHistory({ db: h.db, userId: USER, inputs, clock: h.clock });
    },
    async close() {
      await clients.close();
      await h.close();
      await mb.close();
    },
  };
  return world;
}

export function artistOf(catalog: Catalog, track: CatalogTrack): CatalogArtist {
  return catalog.artist(track.artistIds[0]!)!;
}

export function trackByName(catalog: Catalog, artistName: string, title: string): CatalogTrack {
  const artist = catalog.artistByName(artistName)!;
  const track = catalog.tracks.find((t) => t.name === title && t.artistIds[0] === artist.id);
  if (!track) throw new Error(`no track ${title} by ${artistName}`);
  return track;
}

let minute = 0;
/** An extended-history play of a catalog track, each at its own time in 2025. */
export function playOf(catalog: Catalog, track: CatalogTrack) {
  minute += 5;
  return extendedRow({
    ts: new Date(Date.UTC(2025, 0, 1) + minute * 60_000).toISOString().replace('.000Z', 'Z'),
    spotify_track_uri: `spotify:track:${track.id}`,
    master_metadata_track_name: track.name,
    master_metadata_album_artist_name: artistOf(catalog, track).name,
    master_metadata_album_album_name: catalog.album(track.albumId)!.name,
  });
}

/** An account-data play (names only, minute resolution). */
export function namedPlay(artist: string, title: string, ms = 200_000) {
  minute += 5;
  const at = new Date(Date.UTC(2025, 2, 1) + minute * 60_000).toISOString();
  return accountRow(`${at.slice(0, 10)} ${at.slice(11, 16)}`, artist, title, ms);
}

/** Spotify Web API calls resolve made, by kind (from the simulator's own log). */
export function spotifyCalls(world: ResolveWorld) {
  const log = world.h.sim.state.requestLog;
  return {
    tracks: log.callCount('/v1/tracks/'),
    search: log.callCount('/v1/search'),
    artists: log.callCount('/v1/artists/'),
    all: log.callCount('/v1/tracks/') + log.callCount('/v1/search') + log.callCount('/v1/artists/'),
  };
}
