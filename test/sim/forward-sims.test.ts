import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningLastfmSim, startLastfmSim } from '../../sim/lastfm/index.ts';
import { type RunningListenBrainzSim, startListenBrainzSim } from '../../sim/listenbrainz/index.ts';

let lb: RunningListenBrainzSim;
let fm: RunningLastfmSim;
const NOW = Date.UTC(2026, 10, 2, 12);

beforeAll(async () => {
  lb = await startListenBrainzSim({
    tokens: { 'tok-a': 'anna' },
    rateLimit: 3,
    rateWindowSeconds: 10,
    now: () => NOW,
  });
  fm = await startLastfmSim({ apiKeys: { key1: 'secret1' }, sessions: { 'sk-a': 'anna' }, now: () => NOW });
});
afterAll(async () => {
  await lb.close();
  await fm.close();
});

const listen = (at: number, track = 'Kyoto') => ({
  listened_at: at,
  track_metadata: { artist_name: 'Phoebe Bridgers', track_name: track },
});
const submit = (token: string, body: unknown) =>
  fetch(`${lb.url}/1/submit-listens`, {
    method: 'POST',
    headers: { authorization: `Token ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

// Written out here rather than imported, so the test checks the simulator against the documented rule.
function sign(params: Record<string, string>, secret: string): string {
  const text = Object.keys(params)
    .filter((k) => k !== 'format')
    .sort((a, b) => (a < b ? -1 : 1))
    .map((k) => k + params[k])
    .join('');
  return createHash('md5')
    .update(text + secret)
    .digest('hex');
}
async function call(params: Record<string, string>, secret = 'secret1', method: 'GET' | 'POST' = 'POST') {
  const all = { ...params, api_key: params.api_key ?? 'key1' };
  const body = new URLSearchParams({ ...all, api_sig: sign(all, secret), format: 'json' });
  const res =
    method === 'POST'
      ? await fetch(fm.url, {
          method,
          body,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        })
      : await fetch(`${fm.url}?${body}`);
  // Last.fm answers deep, loosely typed JSON; the assertions below say what each path must hold.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return { status: res.status, json: (await res.json()) as Record<string, any> };
}

describe('ListenBrainz simulator', () => {
  it('validates tokens, stores listens once, counts duplicates and sends rate-limit headers', async () => {
    const valid = await fetch(`${lb.url}/1/validate-token`, { headers: { authorization: 'Token tok-a' } });
    expect(await valid.json()).toMatchObject({ valid: true, user_name: 'anna' });
    const invalid = await fetch(`${lb.url}/1/validate-token?token=nope`);
    expect(await invalid.json()).toMatchObject({ valid: false });
    const at = Math.floor(NOW / 1000) - 600;
    const ok = await submit('tok-a', {
      listen_type: 'import',
      payload: [listen(at), listen(at + 200, 'Garden')],
    });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(ok.headers.get('x-ratelimit-reset-in')).toMatch(/^\d+$/);
    const limited = await submit('tok-a', { listen_type: 'single', payload: [listen(at)] });
    expect(limited.status).toBe(429);
    expect(lb.state.received.map((l) => l.track)).toEqual(['Kyoto', 'Garden']);
    lb.state.rateLimit = 0;
    await submit('tok-a', { listen_type: 'single', payload: [listen(at)] });
    expect(lb.state.duplicates).toBe(1);
    expect(lb.state.received).toHaveLength(2);
  });

  it('refuses a bad token (401), too many listens and malformed listens (400)', async () => {
    lb.state.rateLimit = 0;
    expect((await submit('wrong', { listen_type: 'single', payload: [listen(1_700_000_000)] })).status).toBe(
      401,
    );
    const many = Array.from({ length: 1001 }, (_, i) => listen(1_700_000_000 + i));
    const tooMany = await submit('tok-a', { listen_type: 'import', payload: many });
    expect(tooMany.status).toBe(400);
    expect(((await tooMany.json()) as { error: string }).error).toMatch(/Too many listens/);
    const noTrack = await submit('tok-a', {
      listen_type: 'single',
      payload: [{ listened_at: 1_700_000_000, track_metadata: { artist_name: 'x' } }],
    });
    expect(noTrack.status).toBe(400);
    const listens = await fetch(`${lb.url}/1/user/anna/listens?min_ts=0&count=100`);
    expect(((await listens.json()) as { payload: { count: number } }).payload.count).toBe(2);
  });

  it('injects 429 and 5xx faults on submissions', async () => {
    lb.state.faults.inject('rate_limit');
    lb.state.faults.inject('server_error');
    expect((await submit('tok-a', { listen_type: 'single', payload: [listen(1_700_000_100)] })).status).toBe(
      429,
    );
    expect((await submit('tok-a', { listen_type: 'single', payload: [listen(1_700_000_100)] })).status).toBe(
      500,
    );
    expect((await submit('tok-a', { listen_type: 'single', payload: [listen(1_700_000_100)] })).status).toBe(
      200,
    );
  });
});

describe('Last.fm simulator', () => {
  it('runs the web auth flow: token, approval on the auth page, session once', async () => {
    const { json: tok } = await call({ method: 'auth.getToken' }, 'secret1', 'GET');
    const early = await call({ method: 'auth.getSession', token: tok.token }, 'secret1', 'GET');
    expect(early.json.error).toBe(14);
    const page = await fetch(`${fm.authUrl}?api_key=key1&token=${tok.token}`);
    expect(await page.text()).toContain('Allow encore');
    await fetch(fm.authUrl, {
      method: 'POST',
      body: new URLSearchParams({ token: tok.token, user: 'anna' }),
    });
    const session = await call({ method: 'auth.getSession', token: tok.token }, 'secret1', 'GET');
    expect(session.json.session.name).toBe('anna');
    expect(fm.state.sessions.get(session.json.session.key)).toBe('anna');
    const again = await call({ method: 'auth.getSession', token: tok.token }, 'secret1', 'GET');
    expect(again.json.error).toBe(14);
  });

  it('checks api_sig (13), the session (9) and batch size (6)', async () => {
    const ts = String(Math.floor(NOW / 1000) - 60);
    const bad = await call(
      { method: 'track.scrobble', sk: 'sk-a', artist: 'A', track: 'T', timestamp: ts },
      'wrong',
    );
    expect(bad).toMatchObject({ status: 403, json: { error: 13 } });
    const noSession = await call({
      method: 'track.scrobble',
      sk: 'gone',
      artist: 'A',
      track: 'T',
      timestamp: ts,
    });
    expect(noSession).toMatchObject({ status: 403, json: { error: 9 } });
    const params: Record<string, string> = { method: 'track.scrobble', sk: 'sk-a' };
    for (let i = 0; i < 51; i++)
      Object.assign(params, { [`artist[${i}]`]: 'A', [`track[${i}]`]: `T${i}`, [`timestamp[${i}]`]: ts });
    expect((await call(params)).json.error).toBe(6);
    expect(fm.state.scrobbles).toHaveLength(0);
  });

  it('accepts a batch in order, ignores too-old scrobbles and answers one scrobble as an object', async () => {
    const now = Math.floor(NOW / 1000);
    const params: Record<string, string> = { method: 'track.scrobble', sk: 'sk-a' };
    const stamps = [now - 15 * 86400, ...Array.from({ length: 11 }, (_, i) => now - 3000 + i * 200)];
    stamps.forEach((t, i) =>
      Object.assign(params, {
        [`artist[${i}]`]: 'A',
        [`track[${i}]`]: `T${i}`,
        [`timestamp[${i}]`]: String(t),
      }),
    );
    const batch = await call(params);
    expect(batch.json.scrobbles['@attr']).toEqual({ accepted: 11, ignored: 1 });
    expect(batch.json.scrobbles.scrobble[0].ignoredMessage.code).toBe('3');
    expect(fm.state.scrobbles.map((s) => s.track)).toEqual(Array.from({ length: 11 }, (_, i) => `T${i + 1}`));
    const one = await call({
      method: 'track.scrobble',
      sk: 'sk-a',
      artist: 'A',
      track: 'T1',
      timestamp: String(stamps[1]),
    });
    expect(one.json.scrobbles.scrobble.ignoredMessage.code).toBe('0');
    expect(fm.state.duplicates).toBe(1);
    fm.state.faults.inject('rate_limit');
    expect(
      (await call({ method: 'track.scrobble', sk: 'sk-a', artist: 'A', track: 'X', timestamp: String(now) }))
        .json.error,
    ).toBe(29);
    const recent = await call(
      { method: 'user.getRecentTracks', user: 'anna', from: String(now - 4000), limit: '200' },
      'secret1',
      'GET',
    );
    expect(recent.json.recenttracks.track).toHaveLength(11);
  });
});
