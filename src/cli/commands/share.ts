import type { Command } from 'commander';
import {
  createShareLink,
  listShareLinks,
  parseShareYear,
  revokeShareLink,
  shareUrl,
} from '../../share/links.ts';
import { UsageError, withContext } from '../run.ts';
import { formatTable } from '../table.ts';
import { commandUser } from '../user.ts';

const minute = (d: Date | null) => (d ? d.toISOString().slice(0, 16).replace('T', ' ') : '');

function year(value: string | undefined): number {
  if (value === undefined) throw new UsageError('Which year? `encore share create --year 2026`.');
  return parseShareYear(value);
}

/** `encore share create|list|revoke`: read-only links to a year in review. */
export function registerShareCommands(program: Command): void {
  const share = program.command('share').description('share links to a year in review (read-only)');
  share
    .command('create')
    .description('create a link to one year in review (shown once)')
    .option('--year <year>', 'the calendar year, e.g. 2026')
    .option('--user <user>', 'whose review')
    .action((opts: { year?: string; user?: string }) =>
      withContext(async (ctx) => {
        const y = year(opts.year);
        const user = await commandUser(ctx, opts.user);
        // The review's read model (analytics, DuckDB) loads here, not with `encore --help`.
        const { playsInYear } = await import('../../share/shared-review.ts');
        if (!(await playsInYear(ctx.db, user.user_id, y, ctx.config.timeZone)))
          throw new UsageError(`${user.user_id} has no plays in ${y}: nothing to share.`);
        const created = await createShareLink(ctx.db, user.user_id, y, ctx.clock.now());
        console.log(`Share ${created.shareId}: ${y} in review of ${user.display_name ?? user.user_id}.`);
        console.log('Anyone with this link can see it (shown once; `encore share revoke` ends it):');
        console.log(shareUrl(ctx.config.spotify.redirectUri, created.token));
      }),
    );
  share
    .command('list')
    .description("an account's share links (never the links themselves)")
    .option('--user <user>', 'whose shares')
    .action((opts: { user?: string }) =>
      withContext(async (ctx) => {
        const user = await commandUser(ctx, opts.user);
        const rows = await listShareLinks(ctx.db, user.user_id);
        if (rows.length === 0) return void console.log('No share link yet: `encore share create --year Y`.');
        console.log(
          formatTable(
            ['id', 'year', 'created', 'revoked'],
            rows.map((r) => [r.shareId, String(r.year), minute(r.createdAt), minute(r.revokedAt)]),
          ),
        );
      }),
    );
  share
    .command('revoke')
    .description('revoke a share link: it answers 404 from now on')
    .argument('<id>', 'the share id from `encore share list` (shr_…)')
    .option('--user <user>', 'whose share')
    .action((id: string, opts: { user?: string }) =>
      withContext(async (ctx) => {
        const user = await commandUser(ctx, opts.user);
        if (!(await revokeShareLink(ctx.db, user.user_id, id, ctx.clock.now())))
          throw new UsageError(`No live share "${id}" for ${user.user_id}. See \`encore share list\`.`);
        console.log(`Revoked ${id}.`);
      }),
    );
}
