import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertUser } from '../../src/store/users.ts';
import { createSubmitToken, revokeSubmitToken } from '../../src/submit/tokens.ts';
import { startWebHarness, type WebHarness } from '../web/web-harness.ts';

let h: WebHarness;
let aliceToken: string;
let bobToken: string;
let revokedToken: string;

const nowS = () => Math.floor(h.clock.now() / 1000);

function submit(token: string | null, body: unknown, raw?: string): Promise<Response> {
  return fetch(`${h.web.url}/1/submit-listens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Token ${token}` } : {}) },
    body: raw ?? JSON.stringify(body),
  });
}

function listen(at: number, track = 'Motion Sickness', extra: Record<string, unknown> = {}) {
  return {
    listened_at: at,
    track_metadata: {
      artist_name: 'Phoebe Bridgers',
      track_name: track,
      release_name: 'Stranger in the Alps',
      additional_info: { duration_ms: 229_000, ...extra },
    },
  };
}

async function playsOf(user: string) {
  return h.db.all<{ track_key: string; source: string; ms_played: number | null }>(
    'SELECT track_key, source, ms_played FROM plays WHERE user_id = ? ORDER BY played_at',
    [user],
  );
}

beforeAll(async () => {
  h = await startWebHarness();
  await upsertUser(h.db, { userId: 'alice' });
  await upsertUser(h.db, { userId: 'bob' });
  aliceToken = (await createSubmitToken(h.db, 'alice', h.clock.now())).token;
  bobToken = (await createSubmitToken(h.db, 'bob', h.clock.now())).token;
  const revoked = await createSubmitToken(h.db, 'alice', h.clock.now());
  revokedToken = revoked.token;
  await revokeSubmitToken(h.db, 'alice', revoked.tokenId, h.clock.now());
});
afterAll(() => h.stop());

describe('POST /1/submit-listens', () => {
  it('stores a single listen for the token’s account only, as listenbrainz_submit', async () => {
    const res = await submit(aliceToken, { listen_type: 'single', payload: [listen(nowS() - 600)] });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
    expect(await playsOf('alice')).toEqual([
      {
        track_key: 'name:phoebe bridgers|motion sickness',
        source: 'listenbrainz_submit',
        ms_played: 229_000,
      },
    ]);
    expect(await playsOf('bob')).toEqual([]);
  });

  it('does not store a re-sent listen, nor one a second scrobbler reports seconds apart', async () => {
    const at = nowS() - 600;
    await submit(aliceToken, { listen_type: 'import', payload: [listen(at), listen(at + 4)] });
    await submit(bobToken, { listen_type: 'single', payload: [listen(at)] });
    expect(await playsOf('alice')).toHaveLength(1);
    expect(await playsOf('bob')).toHaveLength(1);
  });

  it('is de-duplicated against a play Spotify capture stored, by track id', async () => {
    const at = nowS() - 3000;
    await h.db.run(
      `INSERT INTO plays (user_id, track_key, played_at, track_id, track_name, artist_name, source)
       VALUES ('alice', 'trk1', make_timestamptz(?::BIGINT * 1000000), 'trk1', 'Kyoto', 'Phoebe Bridgers', 'recently_played')`,
      [at],
    );
    const res = await submit(aliceToken, {
      listen_type: 'import',
      payload: [
        listen(at + 3, 'Kyoto', { spotify_id: 'https://open.spotify.com/track/trk1' }),
        listen(at + 400, 'Garden Song', { spotify_id: 'https://open.spotify.com/track/trk2' }),
      ],
    });
    expect(res.status).toBe(200);
    const keys = (await playsOf('alice')).map((p) => p.track_key);
    expect(keys.filter((k) => k === 'trk1')).toHaveLength(1);
    expect(keys).toContain('trk2');
  });

  it('accepts playing_now without storing a play', async () => {
    const before = (await playsOf('alice')).length;
    const { listened_at: _dropped, ...now } = listen(0, 'Savior Complex');
    const res = await submit(aliceToken, { listen_type: 'playing_now', payload: [now] });
    expect(res.status).toBe(200);
    expect(await playsOf('alice')).toHaveLength(before);
  });

  it('refuses a missing, unknown or revoked token with 401 and ListenBrainz error JSON', async () => {
    const body = { listen_type: 'single', payload: [listen(nowS() - 100, 'Scott Street')] };
    for (const token of [null, 'not-a-token', revokedToken]) {
      const res = await submit(token, body);
      expect(res.status).toBe(401);
      const json = (await res.json()) as { code: number; error: string };
      expect(json.code).toBe(401);
      expect(json.error).toMatch(/token/i);
    }
    expect((await playsOf('alice')).some((p) => p.track_key.includes('scott street'))).toBe(false);
  });

  it('refuses malformed documents with 400 and stores nothing of them', async () => {
    const before = (await playsOf('alice')).length;
    const bad: [unknown, RegExp][] = [
      [{ payload: [listen(nowS())] }, /listen_type/],
      [{ listen_type: 'single' }, /payload/],
      [{ listen_type: 'single', payload: [] }, /any listens/],
      [{ listen_type: 'single', payload: [listen(nowS()), listen(nowS() - 300)] }, /exactly one/],
      [{ listen_type: 'playing_now', payload: [listen(nowS())] }, /must not have listened_at/],
      [{ listen_type: 'import', payload: [listen(nowS()), { listened_at: nowS() }] }, /track_metadata/],
      [{ listen_type: 'single', payload: [{ ...listen(nowS()), listened_at: 'yesterday' }] }, /integer/],
      [{ listen_type: 'single', payload: [listen(1000)] }, /before 2006/],
    ];
    for (const [body, message] of bad) {
      const res = await submit(aliceToken, body);
      expect(res.status).toBe(400);
      const json = (await res.json()) as { code: number; error: string };
      expect(json.code).toBe(400);
      expect(json.error).toMatch(message);
    }
    const notJson = await submit(aliceToken, null, '{"listen_type": "single", "payload": [');
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as { error: string }).error).toMatch(/JSON/);
    expect(await playsOf('alice')).toHaveLength(before);
  });

  it('refuses too many listens (400), an oversized listen (400) and an oversized body (413)', async () => {
    const many = Array.from({ length: 1001 }, (_, i) => listen(nowS() - 10_000 - i * 300));
    const tooMany = await submit(aliceToken, { listen_type: 'import', payload: many });
    expect(tooMany.status).toBe(400);
    expect(((await tooMany.json()) as { error: string }).error).toMatch(/Too many listens/);
    const huge = listen(nowS() - 50, 'Big', { comment: 'x'.repeat(11_000) });
    const oversized = await submit(aliceToken, { listen_type: 'single', payload: [huge] });
    expect(oversized.status).toBe(400);
    const body = { listen_type: 'import', payload: [listen(nowS())], pad: 'y'.repeat(11 * 1024 * 1024) };
    const tooLarge = await submit(aliceToken, body);
    expect(tooLarge.status).toBe(413);
    expect(((await tooLarge.json()) as { code: number }).code).toBe(413);
  });
});

describe('GET /1/validate-token', () => {
  it('answers valid with the account, invalid for a revoked token, 400 without one', async () => {
    const get = (token?: string) =>
      fetch(`${h.web.url}/1/validate-token`, { headers: token ? { authorization: `Token ${token}` } : {} });
    expect(await (await get(bobToken)).json()).toEqual({
      code: 200,
      message: 'Token valid.',
      valid: true,
      user_name: 'bob',
    });
    expect(await (await get(revokedToken)).json()).toEqual({
      code: 200,
      message: 'Token invalid.',
      valid: false,
    });
    expect((await get()).status).toBe(400);
  });
});
