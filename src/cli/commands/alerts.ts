/**
 * `encore alerts set` / `encore alerts show`: the per-account threshold that makes an
 * artist "loved" (src/alerts/thresholds.ts) and the alerts not yet dismissed.
 */
import type { Command } from 'commander';
import { undismissedAlerts } from '../../alerts/alerts-store.ts';
import { describeThreshold, effectiveThreshold, saveThreshold } from '../../alerts/thresholds.ts';
import { resolveUser } from '../../store/users.ts';
import { UsageError, withContext } from '../run.ts';

interface SetOpts {
  plays?: string;
  minutes?: string;
  user?: string;
}

/** A count option: a whole number ≥ 0, where 0 turns that measure off. */
function countOption(name: string, value: string | undefined): number | null | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value.trim())) throw new UsageError(`--${name} must be a whole number (0 turns it off).`);
  const n = Number(value);
  return n === 0 ? null : n;
}

export function registerAlertsCommands(program: Command): void {
  const alerts = program.command('alerts').description('alerts when an artist you love books a show nearby');
  alerts
    .command('set')
    .description('set how much listening makes an artist "loved" for your account')
    .option('--plays <n>', 'at least this many plays (0 = plays do not count)')
    .option('--minutes <n>', 'or at least this many minutes (0 = minutes do not count)')
    .option('--user <user>', 'which account (default: the only connected account)')
    .action((opts: SetOpts) =>
      withContext(async (ctx) => {
        const plays = countOption('plays', opts.plays);
        const minutes = countOption('minutes', opts.minutes);
        if (plays === undefined && minutes === undefined)
          throw new UsageError('Pass --plays N and/or --minutes N.');
        const user = await resolveUser(ctx.db, opts.user ?? ctx.config.defaultUser);
        const { alertSettingsFromConfig } = await import('../../alerts/run-alerts.ts');
        const { defaults } = alertSettingsFromConfig(ctx.config);
        const current = (await effectiveThreshold(ctx.db, user.user_id, defaults)).threshold;
        const next = {
          minPlays: plays === undefined ? current.minPlays : plays,
          minMinutes: minutes === undefined ? current.minMinutes : minutes,
        };
        await saveThreshold(ctx.db, user.user_id, next, new Date(ctx.clock.now()));
        console.log(`Alerts for ${user.user_id}: artists with ${describeThreshold(next)}.`);
      }),
    );
  alerts
    .command('show')
    .description('your threshold and the alerts not dismissed yet')
    .option('--user <user>', 'which account (default: the only connected account)')
    .action((opts: { user?: string }) =>
      withContext(async (ctx) => {
        const user = await resolveUser(ctx.db, opts.user ?? ctx.config.defaultUser);
        const { alertSettingsFromConfig } = await import('../../alerts/run-alerts.ts');
        const { defaults, webhook } = alertSettingsFromConfig(ctx.config);
        const { threshold, own } = await effectiveThreshold(ctx.db, user.user_id, defaults);
        console.log(
          `Alerts for ${user.user_id}: artists with ${describeThreshold(threshold)}${own ? '' : ' (the default)'}.`,
        );
        console.log(`Webhook: ${webhook ? `set (${webhook.format})` : 'not set'}.`);
        const open = await undismissedAlerts(ctx.db, user.user_id);
        for (const a of open) console.log(`  ${a.eventKey}  ${a.artists.map((x) => x.name).join(', ')}`);
        console.log(
          `${open.length} alert(s) not dismissed. \`encore shows --new\` lists and dismisses them.`,
        );
      }),
    );
}
