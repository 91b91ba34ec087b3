import { ConfigError } from '../config/config.ts';

/** Where the warehouse lives: `bigquery://PROJECT/DATASET`, optionally at a custom endpoint (the simulator). */
export interface WarehouseTarget {
  projectId: string;
  datasetId: string;
  endpoint: string | undefined;
}

// BigQuery's own rules: project ids 6–30 lowercase letters, digits and hyphens; dataset ids letters, digits, _.
const PROJECT = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;
const DATASET = /^[A-Za-z0-9_]{1,1024}$/;

/** Parses ENCORE_WAREHOUSE; undefined when the warehouse is off. Errors name the variable. */
export function parseWarehouse(value: string | undefined, endpoint?: string): WarehouseTarget | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const m = /^bigquery:\/\/([^/]+)\/([^/]+)\/?$/.exec(value.trim());
  const fail = (why: string) =>
    new ConfigError(
      `ENCORE_WAREHOUSE: ${why} (got "${value}"). Expected bigquery://PROJECT/DATASET, e.g. bigquery://my-project/encore.`,
      'ENCORE_WAREHOUSE',
    );
  if (!m) throw fail('not a bigquery:// URL with a project and a dataset');
  if (!PROJECT.test(m[1]!)) throw fail(`"${m[1]}" is not a valid Google Cloud project id`);
  if (!DATASET.test(m[2]!)) throw fail(`"${m[2]}" is not a valid BigQuery dataset id (letters, digits, _)`);
  if (endpoint !== undefined && !/^https?:\/\/[^/]+/.test(endpoint)) {
    throw new ConfigError(
      `ENCORE_BIGQUERY_ENDPOINT: expected a URL like http://127.0.0.1:9050 (got "${endpoint}").`,
      'ENCORE_BIGQUERY_ENDPOINT',
    );
  }
  return { projectId: m[1]!, datasetId: m[2]!, endpoint: endpoint?.replace(/\/$/, '') };
}
