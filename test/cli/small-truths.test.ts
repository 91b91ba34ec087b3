import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.ts';
import { formatCount, formatNumber } from '../../src/util/numbers.ts';

/** Issue 12 item 10 as a user meets it: real `encore` processes in demo mode, one data folder. */

const ROOT = join(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/encore.js');
const dir = mkdtempSync(join(tmpdir(), 'encore-truths-'));
const env = {
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  ENCORE_DATA_DIR: dir,
  ENCORE_TIMEZONE: 'UTC',
  ENCORE_SECRET_KEY: Buffer.alloc(32, 6).toString('base64'),
};

function encore(...args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: dir,
    encoding: 'utf8',
    env,
    timeout: 90_000,
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

/** Runs encore on a pseudo-terminal (util-linux `script`), typing `answer` at the prompt. */
function encoreOnTerminal(answer: string, ...args: string[]) {
  const command = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
  const result = spawnSync('script', ['-qec', command, '/dev/null'], {
    cwd: dir,
    encoding: 'utf8',
    env,
    input: `${answer}\n`,
    timeout: 90_000,
  });
  return { code: result.status, out: result.stdout };
}

describe('small truths (real processes, demo mode)', () => {
  it('groups thousands in the CLI: status, and the stats tables as in their JSON', () => {
    expect(encore('connect', '--demo-user', 'demo-bob').code).toBe(0);
    const status = encore('status');
    const stored = /plays stored\s+(\d[\d,]*?)(?=, newest|$)/m.exec(status.out)?.[1];
    expect(stored).toMatch(/^\d{1,3}(,\d{3})+$/);
    const json = JSON.parse(encore('status', '--json').out)[0].playsStored as number;
    expect(stored).toBe(formatCount(json));
    const table = encore('stats', '--range', 'all');
    const { dashboard } = JSON.parse(encore('stats', '--range', 'all', '--json').out);
    expect(dashboard.kpis.plays).toBeGreaterThan(999);
    expect(table.out).toMatch(new RegExp(`^plays\\s+${formatCount(dashboard.kpis.plays)}$`, 'm'));
    expect(table.out).toMatch(new RegExp(`^minutes\\s+${formatNumber(dashboard.kpis.minutes)}$`, 'm'));
  }, 240_000);

  it('the demo history runs up to the captured plays: no silent week before today', async () => {
    const db = await openStore(join(dir, 'encore-demo.duckdb'));
    try {
      const captured = await db.one<{ n: number; first: Date }>(
        `SELECT count(*) AS n, min(played_at) AS first FROM plays
         WHERE user_id = 'demo-bob' AND source = 'recently_played'`,
      );
      const seam = await db.one<{ days: number }>(
        `SELECT count(DISTINCT date_trunc('day', played_at)) AS days FROM plays
         WHERE user_id = 'demo-bob' AND source <> 'recently_played'
           AND played_at < ? AND played_at >= ?`,
        [captured!.first, new Date(captured!.first.getTime() - 7 * 86_400_000)],
      );
      expect(captured!.n).toBe(50); // what connect backfilled
      expect(seam!.days).toBeGreaterThanOrEqual(5); // listening on most of the 7 days before it
      // Nothing is there twice: no two plays of one track end within the same minute.
      const doubled = await db.one<{ n: number }>(
        `SELECT count(*) AS n FROM (SELECT track_id, date_trunc('minute', played_at) FROM plays
         WHERE user_id = 'demo-bob' GROUP BY ALL HAVING count(*) > 1)`,
      );
      expect(doubled!.n).toBe(0);
    } finally {
      await db.close();
    }
  });

  it('a demo playlist is still on (simulated) Spotify in the next process', () => {
    expect(encore('places', 'add', 'Buffalo, NY', '--lat', '42.89', '--lon', '-78.87').code).toBe(0);
    const created = encore('playlist', 'create', '--place', 'buffalo-ny');
    expect(created.code).toBe(0);
    const id = /Spotify (\w{22})\)/.exec(created.out)?.[1];
    expect(id).toBeDefined();
    const refreshed = encore('playlist', 'refresh', '--all');
    expect(refreshed.code).toBe(0);
    expect(refreshed.out + refreshed.err).not.toMatch(/deleted on Spotify|recreated after/);
    expect(refreshed.out).toContain(`Refreshed "Shows near Buffalo, NY" (`);
    expect(refreshed.out).toContain(`Spotify ${id}`);
    expect(encore('playlist', 'list').out).toContain(id);
  }, 180_000);

  it('places add asks before replacing a place of the same name', () => {
    expect(encore('places', 'add', 'Home', '--postal', '14202').code).toBe(0);
    const same = encore('places', 'add', 'Home', '--postal', '14202');
    expect([same.code, same.out.trim()]).toEqual([0, 'home is already postal code 14202 within 50 mi.']);
    const piped = encore('places', 'add', 'Home', '--postal', '14203');
    expect(piped.code).toBe(2);
    expect(piped.err).toContain('Place "Home" (home) is postal code 14202 within 50 mi; not replaced.');
    expect(piped.err).toContain('Pass --yes to replace it');
    const declined = encoreOnTerminal('n', 'places', 'add', 'Home', '--postal', '14203');
    expect(declined.out).toContain('Replace it with postal code 14203 within 50 mi? [y/N]');
    expect(declined.out).toContain('Kept home as it was.');
    expect(declined.code).toBe(1);
    expect(encore('places', 'list').out).toMatch(/home\s+Home\s+postal code 14202/);
    const accepted = encoreOnTerminal('y', 'places', 'add', 'Home', '--postal', '14203');
    expect([accepted.code, accepted.out]).toEqual([0, expect.stringContaining('Updated home: Home')]);
    const forced = encore('places', 'add', 'Home', '--postal', '14204-1234', '--yes');
    expect(forced.code).toBe(0);
    expect(encore('places', 'list').out).toMatch(/home\s+Home\s+postal code 14204-1234/);
  }, 180_000);

  it('checks postal codes: US ZIP and ZIP+4, and other countries’ formats', () => {
    const bad = encore('places', 'add', 'Nowhere', '--postal', '1420');
    expect(bad.code).toBe(2);
    expect(bad.err.trim()).toBe(
      'encore: Malformed postal code "1420": expected a 5-digit ZIP code such as 14202, or ZIP+4 such as 14202-1234.',
    );
    expect(encore('places', 'add', 'Zip4', '--postal', '14202-12').err).toContain('Malformed postal code');
    const toronto = encore('places', 'add', 'Toronto', '--postal', 'm5v3l9', '--country', 'CA');
    expect(toronto.out).toContain('postal code M5V 3L9 within 50 mi');
    const london = encore('places', 'add', 'London', '--postal', '12345', '--country', 'GB');
    expect(london.code).toBe(2);
    expect(london.err).toContain(
      'Malformed postal code "12345" for GB: expected a postcode such as SW1A 1AA.',
    );
  }, 120_000);
});
