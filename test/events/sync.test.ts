import { afterEach, describe, expect, it } from 'vitest';
import { syncPlaceEvents } from '../../src/shows/sync-place-events.ts';
import type { EventSource } from '../../src/events/types.ts';
import { listUpcomingEvents } from '../../src/store/events.ts';
import type { Progress } from '../../src/util/progress.ts';
import { BUFFALO, type Harness, openTempDb, startHarness, type TempDb, window90 } from './helpers.ts';

let h: Harness | undefined;
let temp: TempDb | undefined;
afterEach(async () => {
  await h?.close();
  await temp?.close();
  h = undefined;
  temp = undefined;
});

async function setUp(worldOptions = {}, simOptions = {}) {
  h = await startHarness({ eventCount: 1500, ...worldOptions }, simOptions);
  temp = await openTempDb();
  return { h, db: temp.db };
}

function sync(sources: EventSource[], progress?: Progress) {
  return syncPlaceEvents({
    db: temp!.db,
    sources,
    place: BUFFALO,
    window: window90(),
    clock: h!.clock,
    logger: h!.logger,
    ...(progress ? { progress } : {}),
  });
}

async function tableCount(table: string): Promise<number> {
  const row = await temp!.db.one<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${table}`);
  return row!.n;
}

describe('syncPlaceEvents', () => {
  it('fetches from both sources, merges shared shows, stores them, and a rerun changes nothing', async () => {
    const { h } = await setUp();
    const sources = [h.ticketmaster(), h.seatgeek()];
    const first = await sync(sources);
    const tm = first.perSource.ticketmaster!;
    const sg = first.perSource.seatgeek!;
    expect(tm).toMatchObject({ outcome: 'ok', skipped: 0, warnings: [] });
    expect(sg).toMatchObject({ outcome: 'ok', skipped: 0 });
    expect(first.eventsFetched).toBe(tm.events + sg.events);
    expect(first.merged).toBeGreaterThan(20);
    expect(first).toMatchObject({
      new: first.eventsFetched - first.merged,
      updated: 0,
      cancelled: 0,
      unchanged: 0,
      absorbed: 0,
      errors: [],
    });
    expect(first.deferred).toBeUndefined();
    expect(await tableCount('events')).toBe(first.new);
    const stored = await listUpcomingEvents(temp!.db, { placeId: BUFFALO.id, includeCancelled: true });
    expect(stored.filter((e) => e.altKeys.length)).toHaveLength(first.merged);
    expect(await tableCount('event_performers')).toBe(stored.reduce((n, e) => n + e.performers.length, 0));

    const second = await sync(sources);
    expect(second).toMatchObject({ new: 0, updated: 0, cancelled: 0, unchanged: first.new, absorbed: 0 });
    expect(await tableCount('events')).toBe(first.new);
  });

  it('updates known events when a show is cancelled or postponed, and hides cancelled ones', async () => {
    const { h } = await setUp();
    const sources = [h.ticketmaster()];
    await sync(sources);
    const [a, b] = (await listUpcomingEvents(temp!.db, {})).filter((e) => e.status === 'scheduled');
    h.tm.state.setStatus(a!.sourceId, 'cancelled');
    h.tm.state.setStatus(b!.sourceId, 'postponed');
    h.clock.advance(7 * 86_400_000);
    const report = await sync(sources);
    expect(report).toMatchObject({ new: 0, updated: 1, cancelled: 1 });
    const visible = await listUpcomingEvents(temp!.db, {});
    expect(visible.find((e) => e.key === a!.key)).toBeUndefined();
    expect(visible.find((e) => e.key === b!.key)!.status).toBe('postponed');
    const all = await listUpcomingEvents(temp!.db, { includeCancelled: true });
    expect(all.find((e) => e.key === a!.key)).toMatchObject({
      status: 'cancelled',
      statusChangedAt: new Date(h.clock.now()).toISOString(),
    });
  });

  it('keeps what Ticketmaster returned before its quota ran out and reports when to resume', async () => {
    const { h } = await setUp({ eventCount: 6000 }, { tm: { dailyQuota: 3 } });
    const report = await sync([h.ticketmaster(), h.seatgeek()]);
    expect(report.deferred).toEqual({
      api: 'ticketmaster',
      reason: 'quota_exceeded',
      resumeAt: Date.UTC(2026, 5, 2),
    });
    expect(report.perSource.ticketmaster).toMatchObject({ outcome: 'deferred', pages: 2, events: 400 });
    expect(report.perSource.ticketmaster!.error).toContain('ticketmaster quota exceeded');
    expect(report.perSource.seatgeek!.outcome).toBe('ok');
    expect(report.errors).toEqual([]);
    expect(await tableCount('events')).toBe(400 + report.perSource.seatgeek!.events - report.merged);
    expect(
      h.logger.lines.some((l) => l.includes('ticketmaster deferred; keeping the 400 events fetched so far')),
    ).toBe(true);
  });

  it('goes on with Ticketmaster when SeatGeek keeps sending its CAPTCHA page', async () => {
    const { h } = await setUp();
    h.sg.state.faults.inject('captcha', { times: 10 });
    const report = await sync([h.ticketmaster(), h.seatgeek()]);
    expect(report.errors).toEqual([
      {
        source: 'seatgeek',
        kind: 'unavailable',
        message:
          'SeatGeek kept returning an HTML page instead of JSON (likely its anti-bot CAPTCHA); skipped SeatGeek for this place this time.',
      },
    ]);
    expect(report.perSource.seatgeek).toMatchObject({ outcome: 'failed', events: 0 });
    expect(report.new).toBe(report.perSource.ticketmaster!.events);
    expect(report.new).toBeGreaterThan(0);
  });

  it('reports a SeatGeek key pending approval as an auth error', async () => {
    const { h } = await setUp({}, { sg: { pendingClientIds: ['sim-seatgeek-client'] } });
    const report = await sync([h.ticketmaster(), h.seatgeek()]);
    expect(report.errors.map((e) => [e.source, e.kind])).toEqual([['seatgeek', 'auth']]);
    expect(report.errors[0]!.message).toMatch(/pending approval/);
  });

  it('folds SeatGeek-only rows from a run without Ticketmaster into the merged shows later', async () => {
    const { h } = await setUp();
    const alone = await sync([h.ticketmaster({ apiKey: 'revoked-key' }), h.seatgeek()]);
    expect(alone.errors.map((e) => e.kind)).toEqual(['auth']);
    const seatGeekOnly = alone.new;
    const both = await sync([h.ticketmaster(), h.seatgeek()]);
    expect(both.absorbed).toBe(both.merged);
    expect(await tableCount('events')).toBe(both.eventsFetched - both.merged);
    expect(seatGeekOnly).toBe(alone.perSource.seatgeek!.events);
  });

  it('reports progress page by page', async () => {
    const { h } = await setUp();
    const calls: string[] = [];
    const progress: Progress = {
      start: (label) => calls.push(`start ${label}`),
      update: () => {},
      tick: (n, detail) => calls.push(`tick ${n} ${detail}`),
      done: (summary) => calls.push(`done ${summary}`),
    };
    const report = await sync([h.ticketmaster(), h.seatgeek({ perPage: 50 })], progress);
    expect(calls[0]).toBe('start shows near Buffalo, NY');
    expect(calls.filter((c) => c.startsWith('tick')).length).toBe(
      report.perSource.ticketmaster!.pages + report.perSource.seatgeek!.pages,
    );
    expect(calls.at(-1)).toBe(
      `done ${report.eventsFetched} listings, ${report.new} new, 0 updated, 0 cancelled`,
    );
  });

  it('rejects a window that ends before it starts', async () => {
    const { h } = await setUp();
    const window = { from: new Date('2026-07-01T00:00:00Z'), to: new Date('2026-06-01T00:00:00Z') };
    await expect(
      syncPlaceEvents({
        db: temp!.db,
        sources: [h.ticketmaster()],
        place: BUFFALO,
        window,
        clock: h.clock,
        logger: h.logger,
      }),
    ).rejects.toThrow('window.to must be after window.from');
    expect(h.tm.state.requestLog).toHaveLength(0);
  });
});
