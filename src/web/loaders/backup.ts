import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBackup, defaultBackupPath } from '../../ops/backup/backup.ts';
import type { WebDeps } from '../context.ts';

/** A backup made now, read into memory, its temp folder gone; the name it downloads as. */
export async function makeBackup(deps: WebDeps): Promise<{ name: string; bytes: Buffer<ArrayBuffer> }> {
  const work = mkdtempSync(join(tmpdir(), 'encore-backup-'));
  try {
    const name = defaultBackupPath(deps.config, deps.clock.now()).split('/').pop()!;
    const result = await createBackup(
      { db: deps.db, config: deps.config, now: deps.clock.now() },
      join(work, name),
    );
    deps.logger.info('backup made', { plays: result.manifest.plays, bytes: result.bytes });
    return { name, bytes: readFileSync(result.path) };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
