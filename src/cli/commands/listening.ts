import type { Command } from 'commander';
import type { Services } from '../../app/services.ts';
import { commandUser } from '../user.ts';
import type { AppContext } from '../../app/context.ts';
import { formatDate, formatDuration, formatLocalTime, parseSince, relative } from '../../util/format.ts';
import { UsageError, withContext } from '../run.ts';
import { formatTable } from '../table.ts';
import { connectWithBrowser } from './connect-browser.ts';
import { formatCount } from '../../util/numbers.ts';

// The Spotify runtime, the capture job and the simulators load inside each action, so
// `encore --help` does not pay for them.

async function withServices(
  body: (ctx: AppContext, services: Services) => Promise<number | undefined | void>,
): Promise<void> {
  await withContext(async (ctx) => {
    const { createServices } = await import('../../app/services.ts');
    const services = await createServices(ctx);
    try {
      return await body(ctx, services);
    } finally {
      await services.close();
    }
  });
}

export function registerListeningCommands(program: Command): void {
  program
    .command('connect')
    .description(
      'connect a Spotify account (Authorization Code + PKCE through a loopback redirect), then backfill its last 50 plays',
    )
    .option('--demo-user <id>', 'demo mode: which simulated user consents')
    .action((opts: { demoUser?: string }) =>
      withServices(async (ctx, services) => {
        const { connectSimulatedUser } = await import('../../app/demo/auto-connect.ts');
        const { backfillConnectedAccount } = await import('../../jobs/backfill.ts');
        const { addDemoHistory } = await import('../../app/demo/history.ts');
        const account = services.demoSim
          ? await connectSimulatedUser({ db: ctx.db, services, clock: ctx.clock }, opts.demoUser)
          : await connectWithBrowser(ctx, services);
        console.log(
          `${account.reconnected ? 'Reconnected' : 'Connected'} ${account.displayName ?? account.userId} (${account.userId}).`,
        );
        const report = await backfillConnectedAccount(
          { db: ctx.db, spotify: services.spotify.client, clock: ctx.clock, logger: ctx.logger },
          account.userId,
          ctx.config.capture,
        );
        console.log(`Backfilled ${formatCount(report.counts.plays_added ?? 0)} recent play(s).`);
        // A demo account comes with months of simulated history, as in `encore serve`.
        if (services.demoSim) await addDemoHistory(ctx, services.demoTruth);
        if (report.errors.length) console.log(`Problems: ${report.errors.join('; ')}`);
      }),
    );

  program
    .command('log')
    .description('one capture pass for every connected account (cron-friendly: non-zero exit on failure)')
    .action(() =>
      withServices(async (ctx, services) => {
        const { runCapturePass } = await import('../../jobs/capture.ts');
        const report = await runCapturePass({ ...ctx, services });
        console.log(report.summary);
        for (const error of report.errors) console.log(`  ${error}`);
        if (report.resumeAt)
          console.log(`  paused until ${formatLocalTime(report.resumeAt, ctx.config.timeZone)}`);
        return report.outcome === 'failed' || report.outcome === 'partial' ? 1 : 0;
      }),
    );

  program
    .command('status')
    .description('per account: last capture, plays stored, next poll, and any problem')
    .option('--json', 'machine-readable output')
    .action((opts: { json?: boolean }) =>
      withServices(async (ctx, services) => {
        const { accountStatuses, describeProblem } = await import('../../app/account-status.ts');
        const now = ctx.clock.now();
        const statuses = await accountStatuses(ctx.db, services.spotify.tokens, now);
        if (opts.json) {
          console.log(JSON.stringify(statuses, null, 2));
          return;
        }
        if (statuses.length === 0) {
          console.log('No account connected yet. Run `encore connect`.');
          return;
        }
        const tz = ctx.config.timeZone;
        const time = (ms: number | null) => (ms ? formatLocalTime(ms, tz) : 'never');
        for (const s of statuses) {
          console.log(`${s.displayName ?? s.userId} (${s.userId})`);
          console.log(
            `  plays stored   ${formatCount(s.playsStored)}${s.lastPlayAt ? `, newest ${time(s.lastPlayAt)}` : ''}`,
          );
          console.log(
            `  last capture   ${s.lastCaptureAt ? `${time(s.lastCaptureAt)} (${relative(s.lastCaptureAt, now)})` : 'never'}`,
          );
          console.log(
            `  next poll      ${s.nextPollAt ? (s.nextPollAt <= now ? 'due now' : `${time(s.nextPollAt)} (${relative(s.nextPollAt, now)})`) : '—'}`,
          );
          if (s.consentExpiresAt) console.log(`  consent until  ${formatDate(s.consentExpiresAt, tz)}`);
          for (const p of s.problems)
            console.log(
              `  ! ${describeProblem(
                p,
                (ms) => formatLocalTime(ms, tz, ms - now < 86_400_000),
                (ms) => formatDate(ms, tz),
              )}`,
            );
        }
      }),
    );

  program
    .command('plays')
    .description('the latest plays as a table')
    .option('--user <user>', 'account id or display name')
    .option('--since <duration>', 'only plays newer than this, e.g. 2d, 12h')
    .option('--limit <n>', 'at most this many rows', '50')
    .action((opts: { user?: string; since?: string; limit: string }) =>
      withContext(async (ctx) => {
        const user = await commandUser(ctx, opts.user);
        let sinceMs = 0;
        if (opts.since) {
          try {
            sinceMs = ctx.clock.now() - parseSince(opts.since);
          } catch (error) {
            throw new UsageError((error as Error).message);
          }
        }
        const limit = Number(opts.limit);
        if (!Number.isInteger(limit) || limit < 1)
          throw new UsageError('--limit must be a positive whole number.');
        const rows = await ctx.db.all<{
          played_at: Date;
          track_name: string;
          artist_name: string;
          ms_played: number;
          ms_played_source: string;
          source: string;
        }>(
          `SELECT played_at, track_name, artist_name, ms_played, ms_played_source, source FROM plays
           WHERE user_id = ? AND played_at >= make_timestamptz(?::BIGINT * 1000) ORDER BY played_at DESC LIMIT ${limit}`,
          [user.user_id, sinceMs],
        );
        if (rows.length === 0) {
          console.log('No plays stored for that range yet.');
          return;
        }
        const tz = user.time_zone ?? ctx.config.timeZone;
        console.log(
          formatTable(
            ['ended', 'track', 'artist', 'played', 'source'],
            rows.map((r) => [
              formatLocalTime(r.played_at.getTime(), tz),
              r.track_name,
              r.artist_name,
              `${r.ms_played_source === 'inferred' || r.ms_played_source === 'track_length' ? '~' : ''}${formatDuration(r.ms_played)}`,
              r.source,
            ]),
          ),
        );
        console.log('(~ = inferred from the time between plays)');
      }),
    );
}
