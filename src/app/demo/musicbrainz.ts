import type { Clock } from '../../util/clock.ts';

/** Demo mode's MusicBrainz: the simulator, in-process, over the demo catalog (same seed each run). */
export async function startDemoMusicBrainz(clock: Clock): Promise<{ url: string; close(): Promise<void> }> {
  const { startMusicBrainzSim } = await import('../../../sim/musicbrainz/index.ts');
  const sim = await startMusicBrainzSim({ seed: 7, now: () => clock.now() });
  return { url: sim.url, close: sim.close };
}
