import type { Command } from 'commander';
import { RANGE_NAMES } from '../range-names.ts';
import { withContext } from '../run.ts';
import type { StatsOptions } from './stats-run.ts';

export function registerStatsCommand(program: Command): void {
  program
    .command('stats')
    .description('listening figures for a range: KPIs, tops, time of day, sessions, streaks, discoveries')
    .option('--user <user>', 'account id or display name')
    .option(
      '--range <range>',
      `${RANGE_NAMES.join(', ')} (as on the web), a year (2026), a month (2026-03) or a day (2026-03-05); default: this year`,
    )
    .option('--from <date>', 'first local day, YYYY-MM-DD (with --to: last day, included)')
    .option('--to <date>', 'last local day, YYYY-MM-DD (default with --from: today)')
    .option('--metric <metric>', 'rank the tops by plays or minutes', 'plays')
    .option('--min-stream <seconds>', 'a play counts from this many seconds', '30')
    .option('--gap <minutes>', 'a pause this long ends a session', '30')
    .option('--bucket <bucket>', 'listening over time per day, week or month (default: by range length)')
    .option('--limit <n>', 'length of each top list', '10')
    .option('--json', 'machine-readable output: { dashboard, review }')
    .action((opts: StatsOptions) =>
      withContext(async (ctx) => {
        // The analytics code loads only when stats runs (`encore --help` stays fast).
        const { runStats } = await import('./stats-run.ts');
        await runStats(ctx, opts);
      }),
    );
}
