import { existsSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { forwardJob } from '../../jobs/forward.ts';
import { queueDeadLetters } from '../../forward/ledger.ts';
import { findTarget, listTargets, removeTarget, saveTarget } from '../../forward/targets.ts';
import type { ForwardKind } from '../../forward/types.ts';
import { registerSecret } from '../../util/redact.ts';
import { zoneOffsetMs } from '../../util/zones.ts';
import type { AppContext } from '../../app/context.ts';
import { formatLocalTime } from '../../util/format.ts';
import { UsageError, withContext } from '../run.ts';
import { formatTable } from '../table.ts';
import { commandUser } from '../user.ts';

// The clients (and the zod schemas they parse answers with) load when a command runs, so
// `encore --help` stays light (test/cli/startup.test.ts).
const forwardModules = async () => ({
  ...(await import('../../jobs/forward.ts')),
  ...(await import('../../forward/lastfm.ts')),
  ...(await import('../../forward/listenbrainz.ts')),
  ...(await import('../../forward/runtime.ts')),
});

const LABEL: Record<ForwardKind, string> = { listenbrainz: 'ListenBrainz', lastfm: 'Last.fm' };

/** `2026-11-01` (midnight in your time zone) or an ISO time; a clear error otherwise. */
export function parseSinceDate(value: string, timeZone: string): number {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
  if (day) {
    const utc = Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3]));
    if (!Number.isNaN(utc) && new Date(utc).toISOString().startsWith(value.trim()))
      return utc - zoneOffsetMs(utc, timeZone);
  } else if (/^\d{4}-\d{2}-\d{2}T/.test(value.trim()) && !Number.isNaN(Date.parse(value))) {
    return Date.parse(value);
  }
  throw new UsageError(`--since "${value}" is not a date; use YYYY-MM-DD, e.g. 2026-01-01.`);
}

function readTokenFile(path: string): string {
  if (!existsSync(path)) throw new UsageError(`--token-file ${path} does not exist.`);
  const token = readFileSync(path, 'utf8').trim();
  if (!token || /\s/.test(token))
    throw new UsageError(
      `--token-file ${path} must hold just the token (from https://listenbrainz.org/settings/).`,
    );
  registerSecret(token);
  return token;
}

async function addListenBrainz(ctx: AppContext, userId: string, tokenFile: string, sinceMs: number) {
  const { createForwardRuntime, validateListenBrainzToken } = await forwardModules();
  const runtime = createForwardRuntime(ctx);
  const token = readTokenFile(tokenFile);
  const remoteUser = await validateListenBrainzToken(runtime.listenbrainz, token);
  const secretEnc = runtime.cipher.encrypt(token);
  return {
    remoteUser,
    saved: await saveTarget(
      ctx.db,
      { userId, kind: 'listenbrainz', remoteUser, secretEnc, sinceMs },
      ctx.clock.now(),
    ),
  };
}

async function addLastfm(ctx: AppContext, userId: string, sinceMs: number, waitSeconds: number) {
  const { createForwardRuntime, fetchLastfmSession, startLastfmAuth } = await forwardModules();
  const runtime = createForwardRuntime(ctx);
  const app = runtime.lastfmApp;
  const { describeSetting } = await import('../../config/config.ts');
  if (!app)
    throw new UsageError(
      describeSetting('LASTFM_API_KEY', 'and LASTFM_API_SECRET must both be set to forward plays to Last.fm'),
    );
  const { token, url } = await startLastfmAuth(runtime.lastfm, app, runtime.lastfmAuthUrl);
  console.log('Open this page, sign in to Last.fm and allow encore to scrobble:');
  console.log(url);
  console.log(`Waiting up to ${waitSeconds} s for your answer…`);
  const deadline = ctx.clock.now() + waitSeconds * 1000;
  for (;;) {
    const session = await fetchLastfmSession(runtime.lastfm, app, token);
    if (session) {
      registerSecret(session.key);
      const secretEnc = runtime.cipher.encrypt(session.key);
      const remoteUser = session.name;
      return {
        remoteUser,
        saved: await saveTarget(
          ctx.db,
          { userId, kind: 'lastfm', remoteUser, secretEnc, sinceMs },
          ctx.clock.now(),
        ),
      };
    }
    if (ctx.clock.now() >= deadline)
      throw new UsageError(`Last.fm access was not allowed within ${waitSeconds} s; run the command again.`);
    await ctx.clock.sleep(2000);
  }
}

function registerAdd(forward: Command): void {
  forward
    .command('add')
    .description('forward an account’s plays to ListenBrainz (user token) or Last.fm (web sign-in)')
    .argument('<service>', 'listenbrainz or lastfm')
    .option('--user <user>', 'the encore account whose plays are sent')
    .option('--token-file <file>', 'ListenBrainz: a file holding your user token')
    .option('--since <date>', 'forward plays from this day (YYYY-MM-DD; default: from now on)')
    .option('--wait-seconds <n>', 'Last.fm: how long to wait for you to allow access', '300')
    .action(
      (service: string, opts: { user?: string; tokenFile?: string; since?: string; waitSeconds: string }) =>
        withContext(async (ctx) => {
          if (service !== 'listenbrainz' && service !== 'lastfm')
            throw new UsageError(`Unknown service "${service}": use listenbrainz or lastfm.`);
          const user = await commandUser(ctx, opts.user);
          const sinceMs = opts.since ? parseSinceDate(opts.since, ctx.config.timeZone) : ctx.clock.now();
          const wait = Number(opts.waitSeconds);
          if (!Number.isInteger(wait) || wait < 1)
            throw new UsageError('--wait-seconds must be a whole number of seconds.');
          if (service === 'listenbrainz' && !opts.tokenFile)
            throw new UsageError(
              'ListenBrainz needs --token-file FILE (your user token from https://listenbrainz.org/settings/).',
            );
          const { remoteUser, saved } =
            service === 'listenbrainz'
              ? await addListenBrainz(ctx, user.user_id, opts.tokenFile!, sinceMs)
              : await addLastfm(ctx, user.user_id, sinceMs, wait);
          console.log(
            `${saved.created ? 'Forwarding' : 'Forwarding again'} ${user.user_id}'s plays to ${LABEL[service]} as ${remoteUser} (${saved.targetId}).`,
          );
        }),
    );
}

export function registerForwardCommands(program: Command): void {
  const forward = program.command('forward').description('send your plays on to ListenBrainz and Last.fm');
  registerAdd(forward);
  registerList(forward);
  registerRun(forward);
  registerRemove(forward);
  registerRetry(forward);
}

function registerList(forward: Command): void {
  forward
    .command('list')
    .description('forward targets: state, plays delivered, dead letters')
    .option('--user <user>', 'only this account')
    .action((opts: { user?: string }) =>
      withContext(async (ctx) => {
        const userId = opts.user ? (await commandUser(ctx, opts.user)).user_id : undefined;
        const targets = await listTargets(ctx.db, userId);
        if (!targets.length)
          return void console.log('No forward target yet: `encore forward add listenbrainz|lastfm`.');
        const tz = ctx.config.timeZone;
        console.log(
          formatTable(
            [
              'id',
              'account',
              'service',
              'as',
              'state',
              'since',
              'delivered',
              'last delivery',
              'dead letters',
            ],
            targets.map((t) => [
              t.targetId,
              t.userId,
              LABEL[t.kind],
              t.remoteUser,
              t.enabled ? 'ok' : `disabled: ${t.stateReason ?? t.state}`,
              formatLocalTime(t.sinceMs, tz),
              String(t.deliveredCount),
              t.lastDeliveryAt ? formatLocalTime(t.lastDeliveryAt.getTime(), tz) : 'never',
              String(t.deadLetters),
            ]),
          ),
        );
      }),
    );
}

function registerRun(forward: Command): void {
  forward
    .command('run')
    .description('forward the plays not yet sent now')
    .option('--user <user>', 'only this account')
    .option('--since <date>', 'backfill: also plays from this day on (YYYY-MM-DD)')
    .action((opts: { user?: string; since?: string }) =>
      withContext(async (ctx) => {
        const userId = opts.user ? (await commandUser(ctx, opts.user)).user_id : undefined;
        const sinceMs = opts.since ? parseSinceDate(opts.since, ctx.config.timeZone) : undefined;
        const { forwardJob } = await forwardModules();
        return printRun(await forwardJob(ctx)({ userId, sinceMs }));
      }),
    );
}

function registerRemove(forward: Command): void {
  forward
    .command('remove')
    .description('stop forwarding to a service (forgets its token or session key)')
    .argument('<target>', 'listenbrainz, lastfm or a target id (fwd_…)')
    .option('--user <user>', 'the account')
    .action((which: string, opts: { user?: string }) =>
      withContext(async (ctx) => {
        const user = await commandUser(ctx, opts.user);
        const target = await findTarget(ctx.db, user.user_id, which);
        if (!target)
          throw new UsageError(
            `No forward target "${which}" for ${user.user_id}. See \`encore forward list\`.`,
          );
        await removeTarget(ctx.db, target.targetId);
        console.log(
          `Stopped forwarding ${user.user_id}'s plays to ${LABEL[target.kind]} (${target.targetId}).`,
        );
      }),
    );
}

function registerRetry(forward: Command): void {
  forward
    .command('retry')
    .description('send the dead letters again (after fixing what was wrong)')
    .argument('[target]', 'listenbrainz, lastfm or a target id (default: every target of the account)')
    .option('--user <user>', 'the account')
    .action((which: string | undefined, opts: { user?: string }) =>
      withContext(async (ctx) => {
        const user = await commandUser(ctx, opts.user);
        const targets = which
          ? [await findTarget(ctx.db, user.user_id, which)].filter((t) => t !== undefined)
          : await listTargets(ctx.db, user.user_id);
        if (!targets.length) throw new UsageError(`No forward target "${which ?? ''}" for ${user.user_id}.`);
        let queued = 0;
        for (const t of targets) queued += await queueDeadLetters(ctx.db, t.targetId);
        console.log(`${queued} dead letter(s) queued again.`);
        const { forwardJob } = await forwardModules();
        return printRun(await forwardJob(ctx)({ userId: user.user_id }));
      }),
    );
}

function printRun(report: Awaited<ReturnType<ReturnType<typeof forwardJob>>>): number {
  console.log(report.summary ?? '');
  for (const error of report.errors) console.log(`  ${error}`);
  return report.outcome === 'failed' ? 1 : 0;
}
