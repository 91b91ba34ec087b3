import { afterEach, describe, expect, it } from 'vitest';
import { undismissedAlerts, dismissAlerts } from '../../src/alerts/alerts-store.ts';
import { runAlerts, type AlertsDeps } from '../../src/alerts/run-alerts.ts';
import { saveThreshold, type AlertThreshold } from '../../src/alerts/thresholds.ts';
import type { WebhookFormat } from '../../src/alerts/webhook.ts';
import type { Db } from '../../src/store/db.ts';
import { memoryLogger } from '../../src/util/logger.ts';
import { startReceiver, type Receiver } from './receiver.ts';
import { NOW, openAlertWorld, USER } from './world.ts';

const PLAYS_10: AlertThreshold = { minPlays: 10, minMinutes: null };
let db: Db | undefined;
let receiver: Receiver | undefined;

afterEach(async () => {
  await receiver?.close();
  await db?.close();
  receiver = undefined;
  db = undefined;
});

function deps(
  store: Db,
  options: { url?: string; format?: WebhookFormat; timeoutMs?: number; now?: number } = {},
): AlertsDeps & { logger: ReturnType<typeof memoryLogger> } {
  return {
    db: store,
    logger: memoryLogger(),
    now: new Date(options.now ?? NOW),
    defaults: PLAYS_10,
    webhook: options.url
      ? { url: options.url, format: options.format ?? 'json', timeoutMs: options.timeoutMs ?? 2000 }
      : null,
  };
}

const alertedKeys = async (store: Db) => (await undismissedAlerts(store, USER)).map((a) => a.eventKey);

describe('show alerts for loved artists', () => {
  it('alerts by plays: loved artist within the radius, not the far, cancelled, past or barely-played ones', async () => {
    ({ db } = await openAlertWorld());
    receiver = await startReceiver();
    const report = await runAlerts(deps(db, { url: receiver.url }));
    expect(report).toMatchObject({ users: 1, found: 1, sent: 1, pending: 0, failure: null });
    expect(await alertedKeys(db)).toEqual(['ticketmaster:A1']);
    expect(receiver.received).toHaveLength(1);
    const payload = JSON.parse(receiver.received[0]!.body);
    expect(payload).toMatchObject({
      type: 'encore.show_alert',
      user: { id: USER },
      show: { key: 'ticketmaster:A1', date: '2026-11-10', time: '20:00', venue: 'Town Ballroom' },
      artists: [{ name: 'Khruangbin', plays: 12, minutes: 40 }],
    });
    expect(payload.title).toContain('Khruangbin');
    expect(typeof payload.message).toBe('string');
  });

  it('alerts by minutes when the user sets a minutes threshold', async () => {
    ({ db } = await openAlertWorld());
    await saveThreshold(db, USER, { minPlays: null, minMinutes: 60 }, new Date(NOW));
    const report = await runAlerts(deps(db));
    expect(report.sent).toBe(1);
    // Phoenix: 3 plays but 90 minutes; Khruangbin: 12 plays but 40 minutes.
    expect(await alertedKeys(db)).toEqual(['ticketmaster:A2']);
  });

  it('a show seen in two syncs is alerted once', async () => {
    ({ db } = await openAlertWorld());
    receiver = await startReceiver();
    await runAlerts(deps(db, { url: receiver.url }));
    const second = await runAlerts(deps(db, { url: receiver.url, now: NOW + 7 * 86_400_000 - 1 }));
    expect(second).toMatchObject({ found: 0, sent: 0 });
    expect(receiver.received).toHaveLength(1);
    // Dismissed alerts stay sent: dismissing never makes a show news again.
    expect(await dismissAlerts(db, USER, new Date(NOW))).toBe(1);
    expect((await runAlerts(deps(db, { url: receiver.url }))).found).toBe(0);
    expect(await alertedKeys(db)).toEqual([]);
  });

  it('a webhook that times out does not block the sync, marks nothing and is retried next sync', async () => {
    ({ db } = await openAlertWorld());
    await saveThreshold(db, USER, { minPlays: 3, minMinutes: null }, new Date(NOW));
    receiver = await startReceiver(['hang', 'hang', 'hang']);
    const started = Date.now();
    const first = deps(db, { url: receiver.url, timeoutMs: 300 });
    const report = await runAlerts(first);
    // Two alerts (Khruangbin, Phoenix) but one timeout: the second is not even tried.
    expect(report).toMatchObject({ found: 2, sent: 0, pending: 2 });
    expect(report.failure).toContain('did not answer within 300 ms');
    expect(Date.now() - started).toBeLessThan(5000);
    expect(receiver.received).toHaveLength(1);
    expect(await alertedKeys(db)).toEqual([]);
    // The secret in the URL never reaches the log.
    expect(first.logger.lines.join('\n')).not.toContain('secret-token');
    receiver.script = [];
    const retry = await runAlerts(deps(db, { url: receiver.url }));
    expect(retry).toMatchObject({ found: 2, sent: 2, pending: 0, failure: null });
    expect(await alertedKeys(db)).toEqual(['ticketmaster:A1', 'ticketmaster:A2']);
  });

  it('a webhook that answers 500 is retried on the next sync, then never again', async () => {
    ({ db } = await openAlertWorld());
    receiver = await startReceiver([500]);
    const failed = await runAlerts(deps(db, { url: receiver.url }));
    expect(failed).toMatchObject({ found: 1, sent: 0, pending: 1, failure: 'the webhook answered HTTP 500' });
    expect(await alertedKeys(db)).toEqual([]);
    expect((await runAlerts(deps(db, { url: receiver.url }))).sent).toBe(1);
    expect((await runAlerts(deps(db, { url: receiver.url }))).found).toBe(0);
    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[0]!.body).toBe(receiver.received[1]!.body);
  });

  it('an unreachable webhook fails without quoting its URL', async () => {
    ({ db } = await openAlertWorld());
    receiver = await startReceiver();
    const url = receiver.url;
    await receiver.close();
    receiver = undefined;
    const report = await runAlerts(deps(db, { url }));
    expect(report.failure).toMatch(/could not be reached/);
    expect(report.failure).not.toContain('secret-token');
  });

  it('speaks Discord (content) and ntfy (text body with a Title header)', async () => {
    ({ db } = await openAlertWorld());
    receiver = await startReceiver();
    await saveThreshold(db, USER, { minPlays: 3, minMinutes: null }, new Date(NOW));
    await runAlerts(deps(db, { url: receiver.url, format: 'discord' }));
    const discord = JSON.parse(receiver.received[0]!.body);
    expect(Object.keys(discord)).toEqual(['content']);
    expect(discord.content).toContain('Khruangbin');
    await db.run('DELETE FROM alerts_sent');
    await runAlerts(deps(db, { url: receiver.url, format: 'ntfy' }));
    const ntfy = receiver.received[2]!;
    expect(ntfy.headers['content-type']).toMatch(/^text\/plain/);
    expect(ntfy.headers.title).toContain('Khruangbin');
    expect(ntfy.headers.click).toBe('https://www.ticketmaster.com/event/A1');
    expect(ntfy.body).toContain('Town Ballroom');
  });

  it('a user who turns both measures off gets no alerts', async () => {
    ({ db } = await openAlertWorld());
    await saveThreshold(db, USER, { minPlays: null, minMinutes: null }, new Date(NOW));
    expect(await runAlerts(deps(db))).toMatchObject({ users: 0, found: 0 });
  });
});
