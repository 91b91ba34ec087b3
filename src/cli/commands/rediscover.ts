import type { Command } from 'commander';
import type { Forgotten, OnThisDay } from '../../analytics/index.ts';
import { DEFAULT_FORGOTTEN_MONTHS } from '../../analytics/rediscover-defaults.ts';
import type { AppContext } from '../../app/context.ts';
import { UsageError, withContext } from '../run.ts';
import { commandUser } from '../user.ts';
import { formatCount } from '../../util/numbers.ts';

interface RediscoverOptions {
  user?: string;
  onThisDay?: boolean;
  forgotten?: boolean;
  months?: string;
  minPlays?: string;
  playlist?: boolean;
  json?: boolean;
}

function wholeNumber(text: string, flag: string, min: number, max: number): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || n < min || n > max)
    throw new UsageError(`${flag} must be a whole number from ${min} to ${max} (got "${text}").`);
  return n;
}

export function registerRediscoverCommand(program: Command): void {
  program
    .command('rediscover')
    .description('on this day in earlier years, and favourites you have not played for months')
    .option('--user <user>', 'account id or display name')
    .option('--on-this-day', 'only what you played on this day in earlier years')
    .option('--forgotten', 'only favourites not played in the last --months months')
    .option('--months <n>', `forgotten: no stream for this many months`, String(DEFAULT_FORGOTTEN_MONTHS))
    .option('--min-plays <n>', 'forgotten: streamed at least this often before', '5')
    .option('--playlist', 'forgotten: make a private Spotify playlist of them')
    .option('--json', 'machine-readable output: { onThisDay, forgotten }')
    .action((opts: RediscoverOptions) => withContext((ctx) => rediscover(ctx, opts)));
}

async function rediscover(ctx: AppContext, opts: RediscoverOptions): Promise<void> {
  if (opts.onThisDay && opts.forgotten) throw new UsageError('Use --on-this-day or --forgotten, not both.');
  if (opts.playlist && opts.onThisDay) throw new UsageError('--playlist goes with --forgotten.');
  const months = wholeNumber(opts.months ?? '6', '--months', 1, 240);
  const minPlays = wholeNumber(opts.minPlays ?? '5', '--min-plays', 1, 100_000);
  const user = await commandUser(ctx, opts.user);
  const base = {
    userId: user.user_id,
    timeZone: user.time_zone ?? ctx.config.timeZone,
    now: ctx.clock.now(),
  };
  const { loadForgotten, loadOnThisDay } = await import('../../analytics/index.ts');
  const onThisDay = opts.forgotten ? null : await loadOnThisDay(ctx.db, base);
  const forgotten = opts.onThisDay ? null : await loadForgotten(ctx.db, { ...base, months, minPlays });
  if (opts.json) console.log(JSON.stringify({ onThisDay, forgotten }, null, 2));
  else
    console.log(
      [onThisDay && formatOnThisDay(onThisDay), forgotten && formatForgotten(forgotten)]
        .filter(Boolean)
        .join('\n\n'),
    );
  if (opts.playlist) await makePlaylist(ctx, { ...base, months, minPlays });
}

async function makePlaylist(
  ctx: AppContext,
  input: { userId: string; timeZone: string; months: number; minPlays: number },
): Promise<void> {
  // Spotify, the services and the playlist code load only when a playlist is made (`--help` stays light).
  const { createServices } = await import('../../app/services.ts');
  const { createForgottenPlaylist } = await import('../../playlists/forgotten-playlist.ts');
  const services = await createServices(ctx);
  try {
    const made = await createForgottenPlaylist(
      { db: ctx.db, spotify: services.spotify.client, clock: ctx.clock, logger: ctx.logger },
      input,
    );
    const skipped = made.skipped ? ` (${made.skipped} known by name only left out)` : '';
    console.error(
      `Made "${made.name}" with ${made.tracks} tracks${skipped}: https://open.spotify.com/playlist/${made.spotifyPlaylistId}`,
    );
  } finally {
    await services.close();
  }
}

const streams = (n: number) => `${formatCount(n)} ${n === 1 ? 'stream' : 'streams'}`;

export function formatOnThisDay(d: OnThisDay): string {
  const lines = [`On this day (${d.today.slice(5)}) in earlier years:`];
  if (!d.years.length) lines.push('  nothing yet.');
  for (const y of d.years) {
    const date = `${y.year}${d.today.slice(4)}`;
    lines.push(
      `  ${y.yearsAgo === 1 ? '1 year' : `${y.yearsAgo} years`} ago, ${date}: ${streams(y.plays)}, ${formatCount(y.minutes)} min`,
    );
    for (const t of y.tracks)
      lines.push(`    ${t.name} · ${t.artistName ?? 'unknown artist'} (${formatCount(t.plays)})`);
  }
  return lines.join('\n');
}

export function formatForgotten(f: Forgotten): string {
  const lines = [
    `Forgotten favourites: streamed ${f.minPlays}+ times, not since ${f.since} (${f.months} months):`,
  ];
  if (!f.tracks.length) lines.push('  none — you still play all your favourites.');
  for (const t of f.tracks)
    lines.push(
      `  ${formatCount(t.plays).padStart(6)}  ${t.name} · ${t.artistName ?? 'unknown artist'}  (last ${t.lastPlayedAt.slice(0, 10)})`,
    );
  return lines.join('\n');
}
