import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secretHash } from '../../src/submit/secrets.ts';
import { addPlays } from '../analytics/fixtures.ts';
import { CookieClient, startWebHarness, type WebHarness } from './web-harness.ts';

let h: WebHarness;
let alice: CookieClient;
let bob: CookieClient;

const count = async (user: string, year: number) =>
  Number(
    (
      await h.db.one<{ n: number }>(
        `SELECT count(*)::INTEGER AS n FROM plays WHERE user_id = ? AND year(played_at AT TIME ZONE 'UTC') = ?
         AND coalesce(ms_played, 0) >= 30000`,
        [user, year],
      )
    )?.n,
  );

async function share(client: CookieClient, year: string, csrf?: string): Promise<Response> {
  const token = csrf ?? (await client.csrfToken('/review'));
  return client.fetch('/review/share', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: token, year }).toString(),
  });
}

async function createdLink(client: CookieClient, year: string): Promise<string> {
  h.clock.advance(60_000); // the list is in order of creation
  const res = await share(client, year);
  expect(res.status).toBe(200);
  const match = /value="(http:\/\/[^"]+\/share\/[A-Za-z0-9_-]+)"/.exec(await res.text());
  expect(match).not.toBeNull();
  return new URL(match![1]!).pathname;
}

beforeAll(async () => {
  h = await startWebHarness();
  alice = new CookieClient(h.web.url);
  bob = new CookieClient(h.web.url);
  await alice.signIn('demo-alice');
  await bob.signIn('demo-bob');
  // Alice listened in 2025 and 2026, Bob in 2026: names only, distinctive ones.
  await addPlays(
    h.db,
    [
      { at: '2025-06-01T10:00:00Z', name: 'Old Year Song', artist: 'Twenty Five Band' },
      { at: '2025-06-02T10:00:00Z', name: 'Old Year Song', artist: 'Twenty Five Band' },
      { at: '2026-02-01T10:00:00Z', name: 'This Year Song', artist: 'Twenty Six Band' },
    ],
    'demo-alice',
  );
  await addPlays(
    h.db,
    [{ at: '2026-03-01T10:00:00Z', name: 'Bob Secret', artist: 'Bobs Own Band' }],
    'demo-bob',
  );
}, 90_000);
afterAll(() => h?.stop());

describe('share links of a year in review over HTTP', () => {
  it('creates an unguessable link whose page works without a session and shows that review only', async () => {
    const path = await createdLink(alice, '2025');
    const token = path.split('/').pop()!;
    expect(token.length).toBeGreaterThanOrEqual(22); // ≥ 128 bits of base64url
    const stored = await h.db.all<{ token_hash: string; user_id: string; year: number }>(
      'SELECT token_hash, user_id, year FROM share_links',
    );
    expect(stored).toEqual([{ token_hash: secretHash(token), user_id: 'demo-alice', year: 2025 }]);

    // A plain fetch: no cookie at all.
    const res = await fetch(`${h.web.url}${path}`, { redirect: 'manual' });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-robots-tag')).toContain('noindex');
    expect(res.headers.get('set-cookie')).toBeNull();
    const page = await res.text();
    expect(page).toContain('<meta name="robots" content="noindex, nofollow" />');
    expect(page).toContain('Alice (demo) · 2025 in review');
    expect(page).toContain('Twenty Five Band');
    expect(page).toContain(`data-review-plays="${await count('demo-alice', 2025)}"`);
    // Nothing of other years, other accounts, the app or the account id.
    expect(page).not.toContain('Twenty Six Band');
    expect(page).not.toContain('Bobs Own Band');
    expect(page).not.toContain('demo-alice');
    expect(page).not.toMatch(/<nav|href="\/|action="|<script|csrf/i);
  });

  it("shows the owner's review whoever opens it, even signed in as someone else", async () => {
    const path = await createdLink(alice, '2026');
    const page = await (await bob.fetch(path)).text();
    expect(page).toContain('Alice (demo) · 2026 in review');
    expect(page).toContain('Twenty Six Band');
    expect(page).not.toContain('Bob Secret');
    expect(page).not.toContain('Bob (demo)');
  });

  it('answers 404 with a plain message for a revoked, unknown or malformed token', async () => {
    const path = await createdLink(alice, '2026');
    const list = await (await alice.fetch('/review?year=2026')).text();
    const id = [...list.matchAll(/data-share-id="(shr_[0-9a-f]+)" data-revoked="false"/g)]
      .map((m) => m[1])
      .at(-1)!;
    // Bob cannot revoke Alice's link.
    const csrfBob = await bob.csrfToken('/review');
    const foreign = await bob.fetch(`/review/share/${id}/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrfBob }).toString(),
    });
    expect(foreign.status).toBe(404);
    expect((await fetch(`${h.web.url}${path}`)).status).toBe(200);

    const revoke = await alice.fetch(`/review/share/${id}/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: await alice.csrfToken('/review') }).toString(),
    });
    expect(revoke.status).toBe(303);
    expect(revoke.headers.get('location')).toBe('/review?year=2026');
    const after = await (await alice.fetch('/review?year=2026')).text();
    expect(after).toContain(`data-share-id="${id}" data-revoked="true"`);

    for (const gone of [
      path,
      '/share/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      '/share/short',
      '/share/%00%27--',
    ]) {
      const res = await fetch(`${h.web.url}${gone}`);
      expect({ gone, status: res.status }).toEqual({ gone, status: 404 });
      const text = await res.text();
      expect(text).toContain('This link does not exist or has been revoked.');
      expect(text).not.toContain('Alice');
    }
  });

  it('refuses a share without the CSRF token, for a bad year, or for a year without plays', async () => {
    const before = (await h.db.all('SELECT * FROM share_links')).length;
    expect((await share(alice, '2026', 'wrong-token')).status).toBe(403);
    const bad = await share(alice, '20x6');
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('is not a year to share');
    const empty = await share(alice, '2019');
    expect(await empty.text()).toContain('No plays in 2019: nothing to share.');
    expect((await h.db.all('SELECT * FROM share_links')).length).toBe(before);
  });

  it('downloads the same review as one self-contained file, and the share page is that file', async () => {
    const res = await alice.fetch('/review/download?year=2025');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="encore-2025-review.html"');
    const file = await res.text();
    expect(file.match(/<g data-month="2025-\d\d"/g)).toHaveLength(12);
    expect(file.match(/<g data-hour=/g)).toHaveLength(24);
    expect(file).toContain('Twenty Five Band');
    expect(file).toContain('>June<'); // the top month, by name
    expect(file).not.toMatch(/<script|(href|src)="\//);
    const shared = await (await fetch(`${h.web.url}${await createdLink(alice, '2025')}`)).text();
    const card = (html: string) => html.slice(html.indexOf('<article'), html.indexOf('</article>'));
    // The share page shows exactly the card the owner downloads.
    expect(card(shared)).toBe(card(file));
  });

  it('needs a signed-in account to create or revoke', async () => {
    const anon = new CookieClient(h.web.url);
    const res = await anon.fetch('/review/share', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'year=2026',
    });
    expect(res.status).toBe(403);
  });
});
