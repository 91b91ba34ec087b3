import type { Command } from 'commander';
import { dismissAlerts, undismissedAlerts } from '../../alerts/alerts-store.ts';
import { parseDate } from '../../events/window.ts';
import { SHOWS_EXPORT_FORMATS, type ShowsExportFormat } from '../../shows/export-formats.ts';
import type { Queryable } from '../../store/db.ts';
import { listUsers, resolveUser } from '../../store/users.ts';
import { defaultExportPath } from '../user.ts';
import { UsageError, withContext } from '../run.ts';
import { findPlace } from './places.ts';
import { formatCount } from '../../util/numbers.ts';

// The listing and the exporter (and the matcher under them) load inside the actions.
const listing = () => import('../../shows/list-shows.ts');

interface ListOpts {
  place?: string;
  from?: string;
  to?: string;
  genre?: string;
  known?: boolean;
  new?: boolean;
  user?: string;
}

interface ExportOpts {
  format: string;
  out?: string;
  place?: string;
  from?: string;
  to?: string;
}

/** `--from`/`--to` as calendar days (default: from now on). */
function dayRange(opts: { from?: string; to?: string }, now: number): { from?: Date; to?: Date } {
  const from = opts.from ? parseDate(opts.from) : undefined;
  const to = opts.to ? parseDate(opts.to) : undefined;
  const start = from ?? new Date(now);
  if (to && to.toISOString().slice(0, 10) < start.toISOString().slice(0, 10))
    throw new UsageError(`--to (${opts.to}) must not be before ${from ? `--from (${opts.from})` : 'today'}.`);
  return { ...(from ? { from } : {}), ...(to ? { to } : {}) };
}

/** Whose listening the badges count: --user, else the only account, else nobody. */
async function listeningUser(db: Queryable, wanted: string | undefined): Promise<string | null> {
  if (wanted) return (await resolveUser(db, wanted)).user_id;
  const users = await listUsers(db);
  return users.length === 1 ? users[0]!.user_id : null;
}

/** `encore shows --new`: the undismissed alerts (src/alerts/), dismissed once shown. */
async function printNewShows(db: Queryable, userId: string, now: Date): Promise<void> {
  const open = await undismissedAlerts(db, userId);
  if (open.length === 0) {
    console.log('No new shows of artists you love. (`encore alerts show` tells the threshold.)');
    return;
  }
  const keys = new Set(open.map((a) => a.eventKey));
  const { formatShowLine, listShows } = await listing();
  const listings = (await listShows(db, { from: now, userId })).filter((l) => keys.has(l.event.key));
  for (const listing of listings) console.log(formatShowLine(listing));
  await dismissAlerts(db, userId, now);
  console.log(`${open.length} new show(s) for you; marked seen.`);
}

/**
 * `encore shows` (the listing) and `encore shows export`. Returns the group so that
 * other subcommands (`shows sync`) can attach to it.
 */
export function registerShowsCommands(program: Command): Command {
  // `shows sync` may have created the group already: join it rather than add a second one.
  const shows = (program.commands.find((c) => c.name() === 'shows') ?? program.command('shows'))
    .description('the upcoming shows near your places, their performers, matches and your plays of them')
    .enablePositionalOptions()
    .option('--place <place>', 'only this place (id or name)')
    .option('--from <date>', 'from this day (YYYY-MM-DD; default now)')
    .option('--to <date>', 'up to and including this day (YYYY-MM-DD)')
    .option('--genre <genre>', 'only shows in this genre (e.g. rock, hip-hop, electronic)')
    .option('--known', 'only shows with an artist you have played')
    .option('--user <user>', 'whose plays to count (default: the only connected account)')
    .option('--new', 'only the new shows of artists you love (alerts), then mark them seen')
    .action((opts: ListOpts) =>
      withContext(async (ctx) => {
        const { dateQuery, formatShowLine, listShows } = await listing();
        const range = dateQuery(dayRange(opts, ctx.clock.now()), ctx.clock.now());
        const place = opts.place ? await findPlace(ctx.db, opts.place) : undefined;
        if (opts.genre !== undefined && !opts.genre.trim())
          throw new UsageError('--genre must not be empty.');
        const userId = await listeningUser(ctx.db, opts.user ?? ctx.config.defaultUser);
        if (opts.known && !userId)
          throw new UsageError('--known needs an account whose plays to count: connect one, or pass --user.');
        if (opts.new) {
          if (!userId) throw new UsageError('--new needs an account: connect one, or pass --user.');
          await printNewShows(ctx.db, userId, new Date(ctx.clock.now()));
          return;
        }
        const listings = await listShows(ctx.db, {
          ...(place ? { placeId: place.id } : {}),
          ...range,
          ...(opts.genre ? { genre: opts.genre } : {}),
          knownOnly: opts.known ?? false,
          userId,
        });
        const { STREAMS_LEGEND } = await import('../../analytics/artist-streams.ts');
        if (listings.length === 0) {
          console.log('No upcoming shows match. Run `encore shows sync` to pull concerts for your places.');
          return;
        }
        for (const listing of listings) console.log(formatShowLine(listing));
        console.log(
          `${formatCount(listings.length)} show(s).${userId ? ` (${STREAMS_LEGEND}, all time.)` : ' (No account chosen: pass --user to see your streams.)'}`,
        );
      }),
    );

  shows
    .command('export')
    .description('write the upcoming shows dataset: one row per event × performer × picked track')
    .requiredOption('--format <format>', `one of ${SHOWS_EXPORT_FORMATS.join(', ')}`)
    .option('--out <path>', 'file to write (default: <data folder>/exports/encore-shows.<format>)')
    .option('--place <place>', 'only this place (id or name)')
    .option('--from <date>', 'from this day (YYYY-MM-DD; default now)')
    .option('--to <date>', 'up to and including this day (YYYY-MM-DD)')
    .action((opts: ExportOpts) =>
      withContext(async (ctx) => {
        if (!SHOWS_EXPORT_FORMATS.includes(opts.format as ShowsExportFormat))
          throw new UsageError(
            `--format must be one of ${SHOWS_EXPORT_FORMATS.join(', ')} (got "${opts.format}").`,
          );
        const format = opts.format as ShowsExportFormat;
        const days = dayRange(opts, ctx.clock.now());
        const place = opts.place ? await findPlace(ctx.db, opts.place) : undefined;
        const { exportShows, SHOWS_EXPORT_COLUMNS } = await import('../../shows/export-shows.ts');
        const result = await exportShows({
          db: ctx.db,
          format,
          out: opts.out ?? defaultExportPath(ctx, `encore-shows.${format}`),
          now: new Date(ctx.clock.now()),
          ...(place ? { placeId: place.id } : {}),
          ...(days.from ? { fromDay: days.from } : {}),
          ...(days.to ? { toDay: days.to } : {}),
        });
        console.log(
          `Wrote ${formatCount(result.rows)} row(s) for ${formatCount(result.events)} show(s) to ${result.path} (${SHOWS_EXPORT_COLUMNS.length} columns).`,
        );
      }),
    );
  return shows;
}
