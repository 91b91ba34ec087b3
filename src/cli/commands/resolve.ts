import type { Command } from 'commander';
import { commandUser } from '../user.ts';
import { formatLocalTime } from '../../util/format.ts';
import { UsageError, withContext } from '../run.ts';

interface ResolveOpts {
  user?: string;
  budget?: string;
}

/** `encore resolve`: catalog details for imported plays, within a Spotify call budget. */
export function registerResolveCommand(program: Command): void {
  program
    .command('resolve')
    .description(
      'fill in catalog details for imported plays (tracks, ISRCs, names → tracks, artist genres), most-played first; resumable',
    )
    .option('--user <user>', 'account id or display name')
    .option('--budget <n>', 'at most this many Spotify calls (default: ENCORE_RESOLVE_DAILY_BUDGET)')
    .action((opts: ResolveOpts) =>
      withContext(async (ctx) => {
        const limit = opts.budget === undefined ? ctx.config.resolve.dailyBudget : Number(opts.budget);
        if (!Number.isInteger(limit) || limit < 0)
          throw new UsageError('--budget must be a whole number of Spotify calls (0 or more).');
        const user = await commandUser(ctx, opts.user);
        // Loaded here so that `encore --help` does not load the Spotify and catalog clients.
        const { createServices } = await import('../../app/services.ts');
        const { SpotifyBudget } = await import('../../resolve/index.ts');
        const { resolveCatalog } = await import('../../jobs/resolve.ts');
        const { openResolveClients } = await import('../../app/resolve-clients.ts');
        const services = await createServices(ctx);
        try {
          const token = await services.spotify.tokens.get(user.user_id);
          if (!token)
            throw new UsageError(
              `${user.user_id} has no connected Spotify account, and resolve needs one to make its calls. Run \`encore connect\` first.`,
            );
          if (token.state !== 'ok')
            throw new UsageError(
              `The Spotify account ${user.user_id} must be connected again (${token.stateReason ?? 'reconnect needed'}). Run \`encore connect\`.`,
            );
          const clients = await openResolveClients(ctx, services);
          try {
            const report = await resolveCatalog(
              {
                db: ctx.db,
                ...clients,
                budget: new SpotifyBudget(limit, clients.spotify.counter),
                clock: ctx.clock,
                logger: ctx.logger,
                userId: user.user_id,
              },
              { progress: ctx.progress() },
            );
            console.log(report.summary);
            if (report.resumeAt)
              console.log(
                `Spotify may be asked again from ${formatLocalTime(report.resumeAt, ctx.config.timeZone)}.`,
              );
            return report.outcome === 'failed' ? 1 : 0;
          } finally {
            await clients.close();
          }
        } finally {
          await services.close();
        }
      }),
    );
}
