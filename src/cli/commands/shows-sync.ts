import type { Command } from 'commander';
import { listPlaces } from '../../store/places.ts';
import { commandUser } from '../user.ts';
import { UsageError, withContext } from '../run.ts';

interface SyncOpts {
  place?: string[];
  window?: string;
  from?: string;
  to?: string;
  user?: string;
  tracksPerArtist?: string;
}

/**
 * `encore shows sync`, registered under a `shows` group the caller owns (the upcoming-
 * shows list lives in the same group, in another file).
 */
export function registerShowsSyncCommand(shows: Command): void {
  shows
    .command('sync')
    .description(
      'pull upcoming concerts for every place, match performers to Spotify artists, pick their songs; prints a run report',
    )
    .option('--place <id...>', 'only these places (see `encore places list`)')
    .option('--window <days>', 'how far ahead, e.g. 90d or 12w (default 90d)')
    .option('--from <date>', 'first day, YYYY-MM-DD (default today)')
    .option('--to <date>', 'last day, YYYY-MM-DD')
    .option('--user <user>', 'the account whose token and listening are used')
    .option('--tracks-per-artist <n>', 'tracks to pick per artist (up to 10 are kept)', '3')
    .action((opts: SyncOpts) =>
      withContext(async (ctx) => {
        const tracksPerArtist = Number(opts.tracksPerArtist ?? 3);
        if (!Number.isInteger(tracksPerArtist) || tracksPerArtist < 1 || tracksPerArtist > 10)
          throw new UsageError('--tracks-per-artist must be a whole number from 1 to 10.');
        const places = await listPlaces(ctx.db);
        if (places.length === 0)
          throw new UsageError(
            'No places yet. Add one first, e.g. encore places add "Buffalo, NY" --lat 42.89 --lon -78.87',
          );
        const unknown = (opts.place ?? []).filter((p) => !places.some((known) => known.id === p));
        if (unknown.length)
          throw new UsageError(
            `Unknown place ${unknown.join(', ')}. Known: ${places.map((p) => p.id).join(', ')}.`,
          );
        const user = await commandUser(ctx, opts.user);
        // Loaded here so that `encore --help` does not load the event sources and Spotify.
        const { createServices } = await import('../../app/services.ts');
        const { runConfiguredShowsSync } = await import('../../app/shows-sync-runner.ts');
        const { formatShowsSyncReport } = await import('../../jobs/shows-sync.ts');
        const services = await createServices(ctx);
        try {
          const result = await runConfiguredShowsSync(ctx, services, {
            userId: user.user_id,
            placeIds: opts.place,
            window: opts.window,
            from: opts.from,
            to: opts.to,
            tracksPerArtist,
            progress: true,
          });
          console.log(formatShowsSyncReport(result));
          return result.report.outcome === 'ok' ? 0 : result.report.outcome === 'deferred' ? 3 : 1;
        } finally {
          await services.close();
        }
      }),
    );
}

/** Finds or creates the `shows` group and adds `sync` to it. */
export function registerShowsSyncCommands(program: Command): void {
  const shows =
    program.commands.find((c) => c.name() === 'shows') ??
    program.command('shows').description('concerts near your places');
  registerShowsSyncCommand(shows);
}
