import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');

function encore(args: string[], dir: string) {
  const result = spawnSync(process.execPath, [join(ROOT, 'bin/encore.js'), ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      ENCORE_DATA_DIR: dir,
      ENCORE_TIMEZONE: 'Europe/Berlin',
      ENCORE_SECRET_KEY: Buffer.alloc(32, 4).toString('base64'),
    },
    timeout: 90_000,
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

describe('demo mode shows months of history (real processes)', () => {
  it('adds the simulated history when a demo account connects, once, and stats show it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'encore-demo-stats-'));
    // `encore connect` of a demo account adds its simulated history at once.
    const connected = encore(['connect', '--demo-user', 'demo-chen'], dir);
    expect(connected.code).toBe(0);
    expect(connected.err).toContain('demo history added');
    const status = encore(['status', '--json'], dir);
    expect(status.code).toBe(0);
    expect(status.err).not.toContain('demo history added');
    const stored = JSON.parse(status.out)[0].playsStored as number;
    expect(stored).toBeGreaterThan(1000);
    const again = encore(['status', '--json'], dir);
    expect(JSON.parse(again.out)[0].playsStored).toBe(stored); // not added twice
    const stats = encore(['stats', '--json', '--from', '2020-01-01'], dir);
    expect(stats.code).toBe(0);
    const { dashboard } = JSON.parse(stats.out);
    expect(dashboard.kpis.plays).toBeGreaterThan(800);
    expect(dashboard.kpis.activeDays).toBeGreaterThan(100);
    expect(dashboard.topGenres.length).toBeGreaterThan(3);
    expect(dashboard.topGenres.map((g: { genre: string }) => g.genre)).not.toContain('unknown');
  }, 120_000);
});
