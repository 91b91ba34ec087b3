import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCapturePass } from '../../src/jobs/capture.ts';
import { importHistory } from '../../src/jobs/history-import.ts';
import { upsertUser } from '../../src/store/users.ts';
import { type Harness, startHarness } from '../helpers/harness.ts';

let h: Harness;
afterEach(async () => h?.close());

const USER = 'demo-alice';

/** The plays recently-played exposes now, as the data export would list them later. */
function exportedPlays() {
  const { catalog } = h.sim.state;
  return h.sim.state.visiblePlaysOf(USER).map((play) => {
    const track = catalog.track(play.trackId)!;
    return {
      play,
      track: {
        id: track.id,
        name: track.name,
        artist: catalog.artist(track.artistIds[0]!)?.name ?? null,
        album: catalog.album(track.albumId)?.name ?? null,
      },
    };
  });
}

async function importRows(name: string, rows: unknown[]) {
  await upsertUser(h.db, { userId: USER });
  const path = join(h.dir, name);
  writeFileSync(path, JSON.stringify(rows));
  return importHistory({ db: h.db, userId: USER, inputs: [{ path }], clock: h.clock });
}

/** Connects the account and runs one capture pass, as `encore connect` does. */
async function connectAndCapture() {
  await h.connect(USER);
  const report = await runCapturePass({ ...h.ctx, services: h.services }, {});
  expect(report.errors).toEqual([]);
  expect(h.sim.state.callCount('/v1/me/player/recently-played')).toBeGreaterThan(0);
}

async function playsBySource() {
  return h.db.all<{ source: string; n: number }>(
    'SELECT source, count(*)::INTEGER AS n FROM plays WHERE user_id = ? GROUP BY source ORDER BY source',
    [USER],
  );
}

describe('live capture after a history import', () => {
  it('recognises plays of the extended export a few seconds away: nothing is stored twice', async () => {
    h = await startHarness();
    const exported = exportedPlays();
    expect(exported.length).toBeGreaterThan(10);
    // The export's `ts` is its own end-of-play clock: a couple of seconds off the API's.
    const report = await importRows(
      'Streaming_History_Audio_2026.json',
      exported.map(({ play, track }) => ({
        ts: new Date(play.endedAt - 2_000).toISOString().replace(/\.\d+Z$/, 'Z'),
        ms_played: play.msPlayed,
        master_metadata_track_name: track.name,
        master_metadata_album_artist_name: track.artist,
        master_metadata_album_album_name: track.album,
        spotify_track_uri: `spotify:track:${track.id}`,
      })),
    );
    expect(report.playsAdded).toBe(exported.length);
    await connectAndCapture(); // captures the same last 50 plays live
    expect(await playsBySource()).toEqual([{ source: 'export_extended', n: exported.length }]);
  });

  it('recognises account-data plays (minute resolution, names only) by title within their minute', async () => {
    h = await startHarness();
    const exported = exportedPlays();
    const minute = (ms: number) => new Date(Math.floor(ms / 60_000) * 60_000).toISOString();
    const report = await importRows(
      'StreamingHistory_music_0.json',
      exported.map(({ play, track }) => ({
        endTime: `${minute(play.endedAt).slice(0, 10)} ${minute(play.endedAt).slice(11, 16)}`,
        artistName: track.artist ?? '',
        trackName: track.name,
        msPlayed: play.msPlayed,
      })),
    );
    const accountRows = report.playsAdded;
    expect(accountRows).toBeGreaterThan(10);
    await connectAndCapture();
    const sources = await playsBySource();
    expect(sources).toEqual([{ source: 'export_account', n: accountRows }]);
  });

  it('still stores a live play of the same track that is not in the export', async () => {
    h = await startHarness();
    const exported = exportedPlays();
    const [first, ...rest] = exported;
    await importRows(
      'Streaming_History_Audio_2026.json',
      rest.map(({ play, track }) => ({
        ts: new Date(play.endedAt).toISOString(),
        ms_played: play.msPlayed,
        master_metadata_track_name: track.name,
        spotify_track_uri: `spotify:track:${track.id}`,
      })),
    );
    await connectAndCapture();
    const live = await h.db.all<{ track_id: string; at: number }>(
      `SELECT track_id, epoch_ms(played_at) AS at FROM plays WHERE user_id = ? AND source = 'recently_played'`,
      [USER],
    );
    expect(live).toEqual([{ track_id: first!.play.trackId, at: first!.play.endedAt }]);
  });
});
