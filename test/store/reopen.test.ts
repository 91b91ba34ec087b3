// Db.reopen: the one handle pointed at another file (remote state runs each job on a fresh copy).
import { existsSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.ts';
import { readState, writeState } from '../../src/store/sync-state.ts';

const dirs: string[] = [];
const dir = () => {
  const d = mkdtempSync(join(tmpdir(), 'encore-reopen-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('Db.reopen', () => {
  it('switches the handle to another file and back; each keeps its own data', async () => {
    const d = dir();
    const home = join(d, 'home.duckdb');
    const other = join(d, 'other.duckdb');
    await (await openStore(other)).close();
    const db = await openStore(home);
    await writeState(db, 'where', { file: 'home' });
    await db.reopen(other);
    expect(db.path).toBe(other);
    expect(await readState(db, 'where')).toBeUndefined();
    await writeState(db, 'where', { file: 'other' });
    await db.reopen(home);
    expect(await readState(db, 'where')).toEqual({ file: 'home' });
    // Moving a file into place while nothing is open (what a saved remote state does).
    await db.reopen(home, () => {
      rmSync(home);
      renameSync(other, home);
    });
    expect(existsSync(other)).toBe(false);
    expect(await readState(db, 'where')).toEqual({ file: 'other' });
    await db.close();
  });

  it('a file that is not a database fails the reopen; the next reopen recovers', async () => {
    const d = dir();
    const home = join(d, 'home.duckdb');
    const corrupt = join(d, 'corrupt.duckdb');
    writeFileSync(corrupt, 'this is not a DuckDB file, just some bytes that came down the wire');
    const db = await openStore(home);
    await writeState(db, 'kept', { ok: true });
    await expect(db.reopen(corrupt)).rejects.toThrow();
    await db.reopen(home);
    expect(await readState(db, 'kept')).toEqual({ ok: true });
    await db.close();
  });
});
