import type { Command } from 'commander';

/** `encore backup` / `encore restore`: the data folder in one file and back (src/ops/backup/). */
export function registerBackupCommands(program: Command): void {
  program
    .command('backup')
    .description(
      'write the data folder (a consistent database snapshot, the token key, exports) to one .tar.gz; works while serve runs',
    )
    .option('--out <file>', 'archive to write (default: <data folder>/backups/encore-backup-<time>.tar.gz)')
    .action(async (opts: { out?: string }) => {
      // Loaded here so that `encore --help` does not load the database and the archiver.
      const { runBackup } = await import('./backup-run.ts');
      await runBackup(opts);
    });
  program
    .command('restore')
    .description('put the data folder back from a backup: checked in full first, then swapped in at once')
    .argument('<file>', 'an archive written by `encore backup` (or the Status page)')
    .option('--force', 'replace a data folder that is not empty (its backups/ folder is kept)')
    .action(async (file: string, opts: { force?: boolean }) => {
      const { runRestore } = await import('./backup-run.ts');
      process.exitCode = await runRestore(file, opts);
    });
}
