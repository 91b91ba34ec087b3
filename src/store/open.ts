import { Db } from './db.ts';
import { migrate } from './migrate.ts';

/** Opens (creating if needed) the database file and brings its schema up to date. */
export async function openStore(path: string): Promise<Db> {
  const db = await Db.open(path);
  try {
    await migrate(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}
