import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createShareLink,
  findShareLink,
  listShareLinks,
  parseShareYear,
  revokeShareLink,
  shareUrl,
} from '../../src/share/links.ts';
import type { Db } from '../../src/store/db.ts';
import { secretHash } from '../../src/submit/secrets.ts';
import { tempStore } from '../analytics/fixtures.ts';

describe('share links', () => {
  let db: Db;
  beforeAll(async () => {
    db = await tempStore();
  });
  afterAll(() => db.close());

  it('makes 256-bit tokens, stores only their SHA-256, and opens the live one', async () => {
    const a = await createShareLink(db, 'u1', 2026, Date.UTC(2026, 11, 1));
    const b = await createShareLink(db, 'u1', 2025, Date.UTC(2026, 11, 2));
    expect(a.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(a.token, 'base64url')).toHaveLength(32);
    expect(a.token).not.toBe(b.token);
    expect(a.shareId).toMatch(/^shr_[0-9a-f]{8}$/);
    const dump = JSON.stringify(await db.all('SELECT * FROM share_links'));
    expect(dump).not.toContain(a.token);
    expect(dump).toContain(secretHash(a.token));
    expect(await findShareLink(db, a.token)).toMatchObject({ shareId: a.shareId, userId: 'u1', year: 2026 });
    expect((await listShareLinks(db, 'u1')).map((l) => [l.shareId, l.year])).toEqual([
      [a.shareId, 2026],
      [b.shareId, 2025],
    ]);
    expect(await listShareLinks(db, 'u2')).toEqual([]);
  });

  it('refuses revoked, unknown and malformed tokens; revokes only its own account’s links', async () => {
    const { shareId, token } = await createShareLink(db, 'u1', 2024, Date.UTC(2026, 11, 3));
    expect(await revokeShareLink(db, 'u2', shareId, Date.UTC(2026, 11, 4))).toBe(false);
    expect(await findShareLink(db, token)).not.toBeNull();
    expect(await revokeShareLink(db, 'u1', shareId, Date.UTC(2026, 11, 4))).toBe(true);
    expect(await revokeShareLink(db, 'u1', shareId, Date.UTC(2026, 11, 5))).toBe(false);
    expect(await findShareLink(db, token)).toBeNull();
    const revoked = (await listShareLinks(db, 'u1')).find((l) => l.shareId === shareId);
    expect(revoked?.revokedAt?.toISOString()).toBe('2026-12-04T00:00:00.000Z');
    for (const bad of ['', 'x', `${token}x`, token.slice(1), "' OR 1=1 --", secretHash(token)])
      expect(await findShareLink(db, bad)).toBeNull();
  });

  it('checks the year and builds the URL from the address browsers use', () => {
    expect(parseShareYear('2026')).toBe(2026);
    expect(parseShareYear(2008)).toBe(2008);
    for (const bad of ['26', '20x6', '1999', '3000', '', undefined, '2026.5'])
      expect(() => parseShareYear(bad)).toThrow(/is not a year to share: give a year like 2026/);
    expect(shareUrl('http://127.0.0.1:8888/callback', 'T0K')).toBe('http://127.0.0.1:8888/share/T0K');
    expect(shareUrl('https://music.example.org/callback', 'T0K')).toBe('https://music.example.org/share/T0K');
  });
});
