/**
 * Runs an import in its own process so that a test can kill it (SIGKILL) at any moment.
 * Usage: node --import tsx import-child.ts <db path> <paths...>
 * Prints "committed <index>" after each file's transaction.
 */
import { importHistory } from '../../../src/jobs/history-import.ts';
import { openStore } from '../../../src/store/open.ts';
import { clock, USER } from './fixtures.ts';

const [dbPath, ...paths] = process.argv.slice(2);
const db = await openStore(dbPath!);
process.stdout.write('started\n');
await importHistory({
  db,
  userId: USER,
  inputs: paths.map((path) => ({ path })),
  clock: clock(),
  hooks: { onFileCommitted: (f) => void process.stdout.write(`committed ${f.index}\n`) },
});
process.stdout.write('done\n');
await db.close();
