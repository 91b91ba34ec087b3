import { existsSync } from 'node:fs';
import type { Command } from 'commander';
// Only what the option definitions need is imported up front; the importer, the zip
// reader and the warehouse load inside the actions (`encore --help` stays fast).
import { defaultExportName, EXPORT_FORMATS, type ExportFormat } from '../../history/export-plays.ts';
import { DEFAULT_ZIP_LIMITS } from '../../history/zip-limits.ts';
import type { AppContext } from '../../app/context.ts';
import { commandUser, defaultExportPath } from '../user.ts';
import { UsageError, withContext } from '../run.ts';
import { formatCount } from '../../util/numbers.ts';

interface ImportOpts {
  user?: string;
  force?: boolean;
  undo?: string;
  maxUnzippedMb: string;
}

interface ExportOpts {
  format: string;
  user?: string;
  out?: string;
}

/** `encore import --undo FILE`: one file's plays out again. */
async function undo(ctx: AppContext, opts: ImportOpts, paths: string[]): Promise<number> {
  if (paths.length > 0) throw new UsageError('--undo takes one file: name no other paths with it.');
  const file = opts.undo!;
  if (!existsSync(file)) throw new UsageError(`Nothing undone: ${file} does not exist.`);
  const userId = (await commandUser(ctx, opts.user)).user_id;
  const { formatUndo, undoImport } = await import('../../history/index.ts');
  console.log(formatUndo(await undoImport(ctx.db, userId, file)));
  return 0;
}

/** `encore import` and `encore export plays`: the listening history in and out. */
export function registerHistoryCommands(program: Command): void {
  registerImport(program);
  registerExportPlays(program);
}

function registerImport(program: Command): void {
  program
    .command('import')
    .description(
      "import Spotify data exports (the zip, its folder, or single JSON files) — or encore's and ListenBrainz's own files; makes no Spotify calls",
    )
    .argument('[paths...]', 'zip files, folders or files')
    .option(
      '--user <user>',
      'account id or display name (with no account connected yet: your Spotify user id)',
    )
    .option(
      '--force',
      'read files again even if an earlier import recorded them (adds nothing twice); import an encore export of another account',
    )
    .option('--undo <file>', 'remove the plays that this one imported file (or zip) added')
    .option(
      '--max-unzipped-mb <n>',
      'refuse a zip that inflates to more than this (zip-bomb guard)',
      String(DEFAULT_ZIP_LIMITS.maxTotalBytes / 1024 ** 2),
    )
    .action((paths: string[], opts: ImportOpts) =>
      withContext((ctx) => (opts.undo !== undefined ? undo(ctx, opts, paths) : runImport(ctx, opts, paths))),
    );
}

function registerExportPlays(program: Command): void {
  const exportCommand =
    program.commands.find((c) => c.name() === 'export') ??
    program.command('export').description('export your data');
  exportCommand
    .command('plays')
    .description('write every play of an account to a file encore can import again')
    .requiredOption('--format <format>', `one of ${EXPORT_FORMATS.join(', ')}`)
    .option('--user <user>', 'account id or display name')
    .option('--out <path>', 'file to write (default: <data folder>/exports/encore-plays-<user>.<format>)')
    .action((opts: ExportOpts) =>
      withContext(async (ctx) => {
        if (!EXPORT_FORMATS.includes(opts.format as ExportFormat)) {
          throw new UsageError(
            `--format must be one of ${EXPORT_FORMATS.join(', ')} (got "${opts.format}").`,
          );
        }
        const format = opts.format as ExportFormat;
        const user = await commandUser(ctx, opts.user);
        const out = opts.out ?? defaultExportPath(ctx, defaultExportName(user.user_id, format));
        const { exportPlays } = await import('../../history/export-plays.ts');
        const result = await exportPlays({ db: ctx.db, userId: user.user_id, format, out });
        console.log(`Wrote ${formatCount(result.rows)} plays of ${user.user_id} to ${result.path}`);
      }),
    );
}

/** `encore import PATHS…`: the files' plays in, then the warehouse and forwarding after the run. */
async function runImport(ctx: AppContext, opts: ImportOpts, paths: string[]): Promise<number> {
  if (paths.length === 0) throw new UsageError('Nothing to import: name a zip, folder or file.');
  const missing = paths.filter((p) => !existsSync(p));
  if (missing.length) throw new UsageError(`Nothing imported: ${missing.join(', ')} does not exist.`);
  const maxMb = Number(opts.maxUnzippedMb);
  if (!Number.isFinite(maxMb) || maxMb <= 0)
    throw new UsageError('--max-unzipped-mb must be a positive number.');
  const { formatImportSummary, isOwnerRefusal, resolveImportUser } = await import('../../history/index.ts');
  const { importHistory } = await import('../../jobs/history-import.ts');
  const userId = await resolveImportUser(ctx.db, opts.user ?? ctx.config.defaultUser);
  const report = await importHistory({
    db: ctx.db,
    userId,
    inputs: paths.map((path) => ({ path })),
    clock: ctx.clock,
    logger: ctx.logger,
    progress: ctx.progress(),
    limits: { maxTotalBytes: Math.round(maxMb * 1024 ** 2) },
    force: opts.force,
    acceptOtherAccount: opts.force,
  });
  console.log(formatImportSummary(report));
  const { syncWarehouseAfterRun } = await import('../../warehouse/index.ts');
  await syncWarehouseAfterRun(ctx, 'import');
  if (report.playsAdded > 0) {
    const { forwardAfterRun } = await import('../../jobs/forward.ts');
    await forwardAfterRun(ctx, 'import');
  }
  // A file refused as another account's is an error (1); "nothing found" is not success either (2).
  if (report.filesSkipped.some((s) => isOwnerRefusal(s.why))) return 1;
  return report.outcome === 'nothing_found' ? 2 : 0;
}
