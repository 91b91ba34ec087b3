import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './helpers.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function get(url: string) {
  const response = await fetch(url);
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: () => JSON.parse(text) };
}

describe('Ticketmaster simulator rules', () => {
  it('answers a bad key with the 401 fault body', async () => {
    h = await startHarness();
    const res = await get(`${h.tm.url}/events.json?apikey=nope`);
    expect(res.status).toBe(401);
    expect(res.json()).toEqual({
      fault: { faultstring: 'Invalid ApiKey', detail: { errorcode: 'oauth.v2.InvalidApiKey' } },
    });
  });

  it('rejects loose date formats (DIS1015), big pages and deep paging (DIS1035), and counts them all against the quota', async () => {
    h = await startHarness();
    const base = `${h.tm.url}/events.json?apikey=sim-ticketmaster-key`;
    const loose = await get(`${base}&startDateTime=2026-06-01T00:00:00.000Z`);
    expect(loose.status).toBe(400);
    expect(loose.json().errors[0].code).toBe('DIS1015');
    expect((await get(`${base}&size=201`)).json().errors[0].detail).toMatch(/size must be between 1 and 200/);
    const deep = await get(`${base}&size=200&page=5`);
    expect(deep.status).toBe(400);
    expect(deep.json().errors[0]).toMatchObject({ code: 'DIS1035', status: '400 BAD_REQUEST' });
    expect((await get(`${base}&size=200&page=4`)).status).toBe(200);
    expect(h.tm.state.quotaUsed).toBe(4);
    expect(deep.headers.get('rate-limit-available')).toBe('4997');
  });

  it('arrests spikes over 5 requests a second and enforces the daily quota with reset headers', async () => {
    h = await startHarness({}, { tm: { dailyQuota: 6 } });
    const base = `${h.tm.url}/events.json?apikey=sim-ticketmaster-key&size=1`;
    const burst = [];
    for (let i = 0; i < 6; i++) burst.push((await get(base)).status);
    expect(burst).toEqual([200, 200, 200, 200, 200, 429]);
    h.clock.advance(1000);
    for (let i = 0; i < 2; i++) await get(base);
    const spent = await get(base);
    expect(spent.status).toBe(429);
    expect(spent.json().fault.detail.errorcode).toBe('policies.ratelimit.QuotaViolation');
    expect(spent.headers.get('rate-limit-reset')).toBe(String(Date.UTC(2026, 5, 2)));
    expect(spent.headers.get('rate-limit-available')).toBe('0');
    h.clock.set(Date.UTC(2026, 5, 2, 0, 0, 5));
    expect((await get(base)).status).toBe(200);
  });

  it('serves real field shapes: string coordinates, attractions with links, paging links', async () => {
    h = await startHarness();
    const body = (
      await get(`${h.tm.url}/events.json?apikey=sim-ticketmaster-key&size=5&geoPoint=42.8864,-78.8784`)
    ).json();
    expect(Object.keys(body.page)).toEqual(['size', 'totalElements', 'totalPages', 'number']);
    expect(body._links.next.href).toContain('page=1');
    expect(body._links.self.href).not.toContain('apikey');
    const venue = body._embedded.events[0]._embedded.venues[0];
    expect(typeof venue.location.latitude).toBe('string');
    expect(typeof venue.location.longitude).toBe('string');
  });
});

describe('SeatGeek simulator rules', () => {
  it('requires a client id (403 40307) and caps per_page at 50', async () => {
    h = await startHarness();
    const missing = await get(`${h.sg.url}/events`);
    expect(missing.status).toBe(403);
    expect(missing.json().errors).toEqual([
      { code: 40307, message: 'Client is required for this endpoint.' },
    ]);
    const body = (await get(`${h.sg.url}/events?client_id=sim-seatgeek-client&per_page=500`)).json();
    expect(body.meta.per_page).toBe(50);
    expect(body.events).toHaveLength(50);
    const event = body.events[0];
    expect(event.datetime_local).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
    expect(event.datetime_utc).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
    expect(typeof event.venue.location.lat).toBe('number');
  });

  it('serves a CAPTCHA page and an empty page on demand, then real pages again', async () => {
    h = await startHarness();
    h.sg.state.faults.inject('captcha');
    h.sg.state.faults.inject('empty');
    const url = `${h.sg.url}/events?client_id=sim-seatgeek-client`;
    expect((await get(url)).text).toMatch(/^<!DOCTYPE html>.*px-captcha/);
    expect((await get(url)).json()).toMatchObject({ events: [], meta: { total: 0 } });
    expect((await get(url)).json().meta.total).toBeGreaterThan(0);
    expect(h.sg.state.requestLog.map((r) => r.status)).toEqual([200, 200, 200]);
  });
});
