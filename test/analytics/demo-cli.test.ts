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
  it('adds the simulated history when the services start, once, and stats show it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'encore-demo-stats-'));
    expect(encore(['connect', '--demo-user', 'demo-chen'], dir).code).toBe(0);
    // `status` starts the services (demo mode): the history is added there.
    const status = encore(['status', '--json'], dir);
    expect(status.code).toBe(0);
    expect(status.err).toContain('demo history added');
    const stored = JSON.parse(status.out)[0].playsStored as number;
    expect(stored).toBeGreaterThan(1000);
    const again = encore(['status', '--json'], dir);
    expect(JSON.parse(again.out)[0].playsStored).toBe(stored); // not added twice
    const stats = encore(['stats', '--json', '--from', '2020-01-01'], dir);
    expect(stats.code).toBe(0);
    const { dashboard } = JSON.parse(stats.out);
    expect(dashboard.kpis.plays).toBeGreaterThan(800);
    expect(dashboard.kpis.activeDays).toBeGreaterThan(100);
    expect(
      dashboard.topGenres.filter((g: { genre: string }) => g.genre !== 'unknown').length,
    ).toBeGreaterThan(3);
  });
});
