/**
 * Runs after every shows sync: for each account, the shows that are news (candidates.ts)
 * are delivered — by the webhook when one is configured — and only then marked sent.
 * A webhook that fails (timeout, 5xx, refused) stops this run's deliveries: the rest stay
 * unmarked and are retried on the next sync, and one sync waits for at most one timeout.
 */
import type { Config } from '../config/config.ts';
import type { Queryable } from '../store/db.ts';
import { listUsers } from '../store/users.ts';
import type { Logger } from '../util/logger.ts';
import { markSent } from './alerts-store.ts';
import { findAlertCandidates } from './candidates.ts';
import { alertsEnabled, effectiveThreshold, type AlertThreshold } from './thresholds.ts';
import { deliverAlert, type WebhookTarget } from './webhook.ts';

export interface AlertsDeps {
  db: Queryable;
  logger: Logger;
  now: Date;
  defaults: AlertThreshold;
  webhook: WebhookTarget | null;
  fetchImpl?: typeof fetch;
}

export interface AlertsReport {
  users: number;
  /** Shows that are news, over all users. */
  found: number;
  /** Marked sent in this run. */
  sent: number;
  /** Left for the next sync because the webhook failed. */
  pending: number;
  failure: string | null;
}

export function alertSettingsFromConfig({
  alerts,
}: Pick<Config, 'alerts'>): Pick<AlertsDeps, 'defaults' | 'webhook'> {
  return { defaults: { minPlays: alerts.minPlays, minMinutes: alerts.minMinutes }, webhook: alerts.webhook };
}

export async function runAlerts(deps: AlertsDeps): Promise<AlertsReport> {
  const report: AlertsReport = { users: 0, found: 0, sent: 0, pending: 0, failure: null };
  for (const user of await listUsers(deps.db)) {
    const { threshold } = await effectiveThreshold(deps.db, user.user_id, deps.defaults);
    if (!alertsEnabled(threshold)) continue;
    report.users++;
    const candidates = await findAlertCandidates(deps.db, { userId: user.user_id, threshold, now: deps.now });
    report.found += candidates.length;
    for (const alert of candidates) {
      if (report.failure) {
        report.pending++;
        continue;
      }
      if (deps.webhook) {
        const result = await deliverAlert(deps.webhook, alert, deps.fetchImpl);
        if (!result.ok) {
          report.failure = result.reason;
          report.pending++;
          continue;
        }
      }
      await markSent(
        deps.db,
        {
          userId: alert.userId,
          eventKey: alert.listing.event.key,
          artists: alert.artists,
          channel: deps.webhook ? 'webhook' : 'local',
        },
        deps.now,
      );
      report.sent++;
    }
  }
  if (report.failure)
    deps.logger.warn('alert webhook failed; the remaining alerts are retried on the next shows sync', {
      reason: report.failure,
      pending: report.pending,
    });
  if (report.found) deps.logger.info('show alerts', { ...report });
  return report;
}
