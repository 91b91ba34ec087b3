import type { Command } from 'commander';
import type { AccountStatus } from '../../capture/account-status.ts';
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
  registerConnect(program);
  registerLog(program);
  registerStatus(program);
  registerPlays(program);
}

function registerConnect(program: Command): void {
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
}

function registerLog(program: Command): void {
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
}

function registerStatus(program: Command): void {
  program
    .command('status')
    .description('per account: last capture, plays stored, next poll, and any problem')
    .option('--json', 'machine-readable output')
    .action((opts: { json?: boolean }) =>
      withServices(async (ctx, services) => {
        const { accountStatuses } = await import('../../capture/account-status.ts');
        const now = ctx.clock.now();
        const statuses = await accountStatuses(ctx.db, services.spotify.tokens, now);
        if (opts.json) console.log(JSON.stringify(statuses, null, 2));
        else if (statuses.length === 0) console.log('No account connected yet. Run `encore connect`.');
        else await printStatuses(statuses, ctx.config.timeZone, now);
      }),
    );
}

async function printStatuses(statuses: AccountStatus[], tz: string, now: number): Promise<void> {
  const { describeProblem } = await import('../../capture/account-status.ts');
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
}

function registerPlays(program: Command): void {
  program
    .command('plays')
    .description('the latest plays as a table')
    .option('--user <user>', 'account id or display name')
    .option('--since <duration>', 'only plays newer than this, e.g. 2d, 12h')
    .option('--limit <n>', 'at most this many rows', '50')
    .action((opts: { user?: string; since?: string; limit: string }) =>
      withContext(async (ctx) => {
        const user = await commandUser(ctx, opts.user);
        const since = opts.since ? ctx.clock.now() - parseSince(opts.since) : undefined;
        const limit = Number(opts.limit);
        if (!Number.isInteger(limit) || limit < 1)
          throw new UsageError('--limit must be a positive whole number.');
        const timeZone = user.time_zone ?? ctx.config.timeZone;
        const { latestPlays } = await import('../../analytics/plays-page.ts');
        const rows = await latestPlays(ctx.db, { userId: user.user_id, timeZone, since, limit });
        if (rows.length === 0) {
          console.log('No plays stored for that range yet.');
          return;
        }
        console.log(
          formatTable(
            ['ended', 'track', 'artist', 'played', 'source'],
            rows.map((r) => [
              formatLocalTime(Date.parse(r.playedAt), timeZone),
              r.trackName,
              r.artistName,
              `${r.msPlayedSource === 'inferred' || r.msPlayedSource === 'track_length' ? '~' : ''}${formatDuration(r.msPlayed)}`,
              r.source,
            ]),
          ),
        );
        console.log('(~ = inferred from the time between plays)');
      }),
    );
}
