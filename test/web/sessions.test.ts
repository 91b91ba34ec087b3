import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/store/db.ts';
import { openStore } from '../../src/store/open.ts';
import { upsertUser } from '../../src/store/users.ts';
import { createSession, findSession, SESSION_TTL_MS } from '../../src/web/sessions.ts';

let dir: string;
let db: Db;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'encore-sessions-'));
  db = await openStore(join(dir, 'encore.duckdb'));
  await upsertUser(db, { userId: 'alice' });
  await upsertUser(db, { userId: 'bob' });
});
afterEach(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

const count = async () =>
  (await db.one<{ n: number }>('SELECT count(*)::INTEGER AS n FROM web_sessions'))?.n ?? -1;

describe('web sessions', () => {
  it('stores only a hash of the session id, and finds the session by the id', async () => {
    const { id, session } = await createSession(db, 'alice', 1_000);
    const stored = await db.all<{ session_hash: string }>('SELECT session_hash FROM web_sessions');
    expect(stored.map((r) => r.session_hash)).not.toContain(id);
    expect(await findSession(db, id, 2_000)).toEqual(session);
  });

  it('never finds an expired session, and a later sign-in deletes expired rows', async () => {
    const old = await createSession(db, 'alice', 0);
    expect(await findSession(db, old.id, SESSION_TTL_MS)).toBeUndefined();
    expect(await count()).toBe(1);
    await createSession(db, 'bob', SESSION_TTL_MS + 1);
    expect(await count()).toBe(1); // only bob's live session is left
  });
});
