import type { Db } from '../store/db.ts';
import { deleteFilePlays, findImportedFile } from '../store/history-files.ts';
import { HistoryInputError, planInputs } from './inputs.ts';
import { hashPass } from './read-file.ts';
import { DEFAULT_ZIP_LIMITS } from './zip.ts';
import { formatCount } from '../util/numbers.ts';

/**
 * `encore import --undo FILE`: takes out the plays one imported file added. Files are
 * recognised the way the import records them — by the SHA-256 of their bytes — so the
 * very file (or zip: each of its entries) is needed, wherever it now lies. Plays the file
 * only enriched or matched were there before it and stay; so do plays added by others.
 */

export interface UndoneFile {
  /** Where it was read from this time. */
  label: string;
  /** Where the import had read it from. */
  importedAs: string;
  playsRemoved: number;
}

export interface UndoResult {
  files: UndoneFile[];
  playsRemoved: number;
}

export async function undoImport(db: Db, userId: string, path: string): Promise<UndoResult> {
  const plan = await planInputs([{ path }], DEFAULT_ZIP_LIMITS);
  const files: UndoneFile[] = [];
  try {
    for (const file of plan.files) {
      const { contentHash } = await hashPass(file);
      const imported = await findImportedFile(db, userId, contentHash);
      if (!imported) continue;
      const playsRemoved = await db.transaction((tx) => deleteFilePlays(tx, userId, contentHash));
      files.push({ label: file.label, importedAs: imported.label, playsRemoved });
    }
  } finally {
    plan.close();
  }
  if (files.length === 0) {
    throw new HistoryInputError(
      `Nothing undone: no import for ${userId} recorded ${path} (a file is known by its exact content; ` +
        'an edited copy is another file).',
    );
  }
  return { files, playsRemoved: files.reduce((sum, f) => sum + f.playsRemoved, 0) };
}

export function formatUndo(result: UndoResult): string {
  const lines = result.files.map(
    (f) => `  ${f.label}: ${formatCount(f.playsRemoved)} plays removed (imported as ${f.importedAs})`,
  );
  const n = result.playsRemoved;
  return [`Removed ${formatCount(n)} ${n === 1 ? 'play' : 'plays'}.`, ...lines].join('\n');
}
