import type { Command } from 'commander';
import type { PlaylistDeps, PlaylistResult } from '../../playlists/index.ts';
import { getPlace } from '../../store/places.ts';
import { commandUser } from '../user.ts';
import type { AppContext } from '../../app/context.ts';
import { formatLocalTime } from '../../util/format.ts';
import { UsageError, withContext } from '../run.ts';
import { formatTable } from '../table.ts';
import { findPlace } from './places.ts';
import { formatCount } from '../../util/numbers.ts';

// The playlist code and the Spotify runtime load inside the actions (`encore --help` stays fast).
const playlists = () => import('../../playlists/index.ts');

interface CreateOpts {
  place: string;
  tracksPerArtist?: string;
  maxTracks?: string;
  window?: string;
  genre?: string;
  onlyKnown?: boolean;
  onlyNew?: boolean;
  name?: string;
  user?: string;
}

/**
 * Runs a playlist command: `check` validates the input first (no Spotify needed to say
 * it is wrong), then `body` runs with Spotify wired in (the simulator in demo mode).
 */
function withPlaylistDeps<T>(
  check: (ctx: AppContext) => Promise<T>,
  body: (ctx: AppContext, deps: PlaylistDeps, checked: T) => Promise<number | void>,
): Promise<void> {
  return withContext(async (ctx) => {
    const checked = await check(ctx);
    const { createServices } = await import('../../app/services.ts');
    const services = await createServices(ctx);
    const deps: PlaylistDeps = {
      db: ctx.db,
      spotify: services.spotify.client,
      clock: ctx.clock,
      logger: ctx.logger,
      timeZone: ctx.config.timeZone,
    };
    try {
      return await body(ctx, deps, checked);
    } finally {
      await services.close();
    }
  });
}

function describeResult(result: PlaylistResult): string[] {
  const { change } = result;
  const lines = [
    `${result.created ? 'Created' : 'Refreshed'} "${result.name}" (${result.key}, Spotify ${result.spotifyPlaylistId}): ${result.tracks.length} track(s).`,
  ];
  if (result.recreated)
    lines.push(
      `  It had been deleted on Spotify (${result.previousSpotifyId}), so encore created it again as ${result.spotifyPlaylistId}.`,
    );
  if (!result.created)
    lines.push(
      result.itemsWritten
        ? `  +${change.added} added, −${change.removed} removed, ${change.kept} kept.`
        : '  Tracks unchanged; only the description was updated.',
    );
  if (result.tracks.length === 0)
    lines.push(
      '  No tracks yet: run `encore shows sync` (it matches the performers and picks their songs), then refresh.',
    );
  const first = result.tracks.slice(0, 5);
  for (const t of first)
    lines.push(
      `  ${t.localDate}  ${t.artistName} — ${t.trackName ?? t.trackId}  (${t.eventName}, ${t.venueName})`,
    );
  if (result.tracks.length > first.length) lines.push(`  … and ${result.tracks.length - first.length} more`);
  return lines;
}

/** `encore playlist create|refresh|list`: Spotify playlists of the shows near a place, kept up to date. */
export function registerPlaylistCommands(program: Command): void {
  const playlist = program.command('playlist').description('Spotify playlists of the shows near your places');
  registerCreate(playlist);
  registerRefresh(playlist);
  registerList(playlist);
}

function registerCreate(playlist: Command): void {
  playlist
    .command('create')
    .description('create a playlist of the songs of the artists playing near a place, soonest show first')
    .requiredOption('--place <place>', 'the place (id or name; see `encore places list`)')
    .option('--tracks-per-artist <n>', 'songs per artist (default 3)')
    .option('--max-tracks <n>', 'at most this many songs (default 100)')
    .option('--window <days>', 'shows in the next … (e.g. 90d, 12w; default 90d)')
    .option('--genre <genre>', 'only artists in this genre')
    .option('--only-known', 'only artists you have played')
    .option('--only-new', 'only artists you have not played yet')
    .option('--name <name>', 'playlist name (default "Shows near <place>")')
    .option('--user <user>', 'the account that owns it (default: the only connected account)')
    .action((opts: CreateOpts) =>
      withPlaylistDeps(
        async (ctx) => {
          const place = await findPlace(ctx.db, opts.place);
          const { parseDefinition } = await playlists();
          const definition = parseDefinition({
            placeId: place.id,
            window: opts.window,
            genre: opts.genre,
            onlyKnown: opts.onlyKnown,
            onlyNew: opts.onlyNew,
            tracksPerArtist: opts.tracksPerArtist,
            maxTracks: opts.maxTracks,
          });
          if (opts.name !== undefined && !opts.name.trim()) throw new UsageError('--name must not be empty.');
          const user = await commandUser(ctx, opts.user);
          return { definition, userId: user.user_id };
        },
        async (_ctx, deps, { definition, userId }) => {
          const { createPlaylistRun } = await import('../../jobs/playlist-refresh.ts');
          const result = await createPlaylistRun(deps, { userId, definition, name: opts.name });
          for (const line of describeResult(result)) console.log(line);
        },
      ),
    );
}

function registerRefresh(playlist: Command): void {
  playlist
    .command('refresh')
    .description('rebuild playlists from the current shows and rewrite them on Spotify, in place')
    .argument('[id]', "a playlist's encore id or Spotify id")
    .option('--all', 'every playlist encore manages')
    .action((id: string | undefined, opts: { all?: boolean }) =>
      withPlaylistDeps(
        async (ctx) => {
          if (!id && !opts.all)
            throw new UsageError('Name a playlist (see `encore playlist list`) or pass --all.');
          if (id && opts.all) throw new UsageError('Give a playlist id or --all, not both.');
          let keys: string[] | undefined;
          if (id) {
            const { findManagedPlaylist } = await playlists();
            const found = await findManagedPlaylist(ctx.db, id);
            if (!found)
              throw new UsageError(
                `No playlist "${id}" among encore's playlists (see \`encore playlist list\`); encore only changes playlists it created.`,
              );
            keys = [found.key];
          }
          return keys;
        },
        async (_ctx, deps, keys) => {
          const { refreshPlaylists } = await import('../../jobs/playlist-refresh.ts');
          const { report, results } = await refreshPlaylists(deps, keys);
          for (const result of results) for (const line of describeResult(result)) console.log(line);
          for (const error of report.errors) console.log(`  ! ${error}`);
          console.log(report.summary);
          return report.outcome === 'ok' ? 0 : 1;
        },
      ),
    );
}

function registerList(playlist: Command): void {
  playlist
    .command('list')
    .description('the playlists encore manages (every account, or one with --user)')
    .option('--user <user>', 'only the playlists of this account (id or display name)')
    .action((opts: { user?: string }) =>
      withContext(async (ctx) => {
        const owner = opts.user ? await commandUser(ctx, opts.user) : undefined;
        const { describeDefinition, listManagedPlaylists } = await playlists();
        const all = await listManagedPlaylists(ctx.db, owner?.user_id);
        if (all.length === 0) {
          console.log(
            `No playlist${owner ? ` of ${owner.user_id}` : ''} yet. Create one with \`encore playlist create --place <place>\`.`,
          );
          return;
        }
        const rows = [];
        for (const p of all) {
          const place = await getPlace(ctx.db, p.definition.placeId);
          const change = p.lastChange;
          rows.push([
            p.key,
            p.name,
            p.userId,
            describeDefinition(p.definition, place?.name ?? `${p.definition.placeId} (removed)`),
            formatCount(p.trackIds?.length ?? 0),
            p.spotifyPlaylistId ?? '',
            p.lastRefreshedAt ? formatLocalTime(p.lastRefreshedAt.getTime(), ctx.config.timeZone) : 'never',
            change
              ? `+${change.added} −${change.removed} =${change.kept}${change.recreated ? ' (recreated)' : ''}`
              : '',
          ]);
        }
        console.log(
          formatTable(
            ['id', 'name', 'owner', 'what', 'tracks', 'spotify id', 'refreshed', 'last change'],
            rows,
          ),
        );
      }),
    );
}
