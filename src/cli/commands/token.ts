import type { Command } from 'commander';
import { createSubmitToken, listSubmitTokens, revokeSubmitToken } from '../../submit/tokens.ts';
import { UsageError, withContext } from '../run.ts';
import { formatTable } from '../table.ts';
import { commandUser } from '../user.ts';

const day = (d: Date | null) => (d ? d.toISOString().slice(0, 16).replace('T', ' ') : '');

/** `encore token create|list|revoke`: tokens other players use to send plays in. */
export function registerTokenCommands(program: Command): void {
  const token = program
    .command('token')
    .description('tokens for other players and scrobblers (ListenBrainz submit API)');
  token
    .command('create')
    .description('create a submit token for an account (shown once)')
    .option('--user <user>', 'the account the plays belong to')
    .option('--label <label>', 'a note, e.g. "navidrome"')
    .action((opts: { user?: string; label?: string }) =>
      withContext(async (ctx) => {
        const user = await commandUser(ctx, opts.user);
        const created = await createSubmitToken(ctx.db, user.user_id, ctx.clock.now(), opts.label ?? null);
        console.log(`Token ${created.tokenId} for ${user.user_id} (shown once, keep it secret):`);
        console.log(created.token);
        console.log(
          `Point the player at http://${ctx.config.host}:${ctx.config.port} as a custom ListenBrainz server.`,
        );
      }),
    );
  token
    .command('list')
    .description("an account's submit tokens (never the tokens themselves)")
    .option('--user <user>', 'the account')
    .action((opts: { user?: string }) =>
      withContext(async (ctx) => {
        const user = await commandUser(ctx, opts.user);
        const rows = await listSubmitTokens(ctx.db, user.user_id);
        if (rows.length === 0) return void console.log('No token yet: `encore token create`.');
        console.log(
          formatTable(
            ['id', 'label', 'created', 'last used', 'revoked'],
            rows.map((r) => [
              r.tokenId,
              r.label ?? '',
              day(r.createdAt),
              day(r.lastUsedAt),
              day(r.revokedAt),
            ]),
          ),
        );
      }),
    );
  token
    .command('revoke')
    .description('revoke a submit token: its next submission is refused (401)')
    .argument('<id>', 'the token id from `encore token list` (tok_…)')
    .option('--user <user>', 'the account')
    .action((id: string, opts: { user?: string }) =>
      withContext(async (ctx) => {
        const user = await commandUser(ctx, opts.user);
        if (!(await revokeSubmitToken(ctx.db, user.user_id, id, ctx.clock.now())))
          throw new UsageError(`No live token "${id}" for ${user.user_id}. See \`encore token list\`.`);
        console.log(`Revoked ${id}.`);
      }),
    );
}
