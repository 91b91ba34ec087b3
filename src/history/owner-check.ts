import type { Queryable } from '../store/db.ts';
import { sqlLiteral } from '../store/db.ts';
import { parseCsv } from './csv.ts';
import type { Container } from './decode.ts';

/**
 * encore's own exports (CSV, JSON Lines, Parquet) carry a `user_id` column. Importing
 * another account's export into yours is almost always a mistake (the wrong file, or the
 * wrong `--user`), and it would mix two people's listening for good: such a file is refused
 * unless the import is forced. Only the file's first bytes are looked at for text files —
 * an encore export holds one account's plays — and DuckDB reads the column for Parquet.
 */

export interface OwnerCheckInput {
  db: Queryable;
  /** The account the import is for. */
  userId: string;
  container: Container;
  /** The file's first bytes (the hash pass keeps them). */
  head: Buffer;
  /** On disk: Parquet is read from here. */
  path?: string;
}

/** The other account a file's rows name, or null when they name none or the importing one. */
export async function foreignOwner(input: OwnerCheckInput): Promise<string | null> {
  const owners =
    input.container === 'parquet'
      ? await parquetOwners(input.db, input.path)
      : input.container === 'csv'
        ? csvOwners(input.head)
        : input.container === 'json-lines'
          ? jsonLinesOwners(input.head)
          : [];
  return owners.find((owner) => owner !== input.userId) ?? null;
}

const REFUSAL = 'its plays belong to account';

/** Whether a skipped file's reason is this refusal (the CLI exits 1 for it). */
export function isOwnerRefusal(why: string): boolean {
  return why.startsWith(REFUSAL);
}

export function ownerRefusal(owner: string, userId: string): string {
  return (
    `${REFUSAL} "${owner}", not "${userId}" — nothing imported from it ` +
    `(pass --user ${owner} to import it for that account, or --force to add them to ${userId})`
  );
}

/** The complete lines of the head: the last one may be cut off. */
function completeText(head: Buffer): string {
  const text = head.toString('utf8');
  const end = text.lastIndexOf('\n');
  return end < 0 ? text : text.slice(0, end);
}

function csvOwners(head: Buffer): string[] {
  try {
    const { header, records } = parseCsv(completeText(head));
    if (!header.includes('user_id') || !header.includes('played_at')) return [];
    return distinct(records.map((r) => r.values.user_id));
  } catch {
    return []; // not encore's CSV shape: the reader will say what is wrong with it
  }
}

function jsonLinesOwners(head: Buffer): string[] {
  const owners: Array<string | null> = [];
  for (const line of completeText(head).split('\n')) {
    try {
      const record: unknown = JSON.parse(line);
      if (record && typeof record === 'object' && 'played_at' in record && 'user_id' in record) {
        const owner = (record as { user_id: unknown }).user_id;
        owners.push(typeof owner === 'string' ? owner : null);
      }
    } catch {
      // a line that is not JSON is the reader's business
    }
  }
  return distinct(owners);
}

async function parquetOwners(db: Queryable, path: string | undefined): Promise<string[]> {
  if (!path) return [];
  const file = `read_parquet(${sqlLiteral(path)})`;
  try {
    const columns = await db.all<{ column_name: string }>(`DESCRIBE SELECT * FROM ${file}`);
    if (!columns.some((c) => c.column_name === 'user_id')) return [];
    const rows = await db.all<{ user_id: string }>(
      `SELECT DISTINCT CAST(user_id AS VARCHAR) AS user_id FROM ${file} WHERE user_id IS NOT NULL LIMIT 10`,
    );
    return rows.map((r) => r.user_id);
  } catch {
    return []; // an unreadable Parquet file is reported by the reader
  }
}

function distinct(values: Array<string | null | undefined>): string[] {
  return [...new Set(values.filter((v): v is string => typeof v === 'string' && v !== ''))];
}
