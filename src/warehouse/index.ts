// The one call capture and import make after they commit: send what is new to the warehouse, if one
// is configured. Never throws: a warehouse outage leaves the plays in the local store, and the
// high-water mark where it was, so the next run sends them.
import { BigQuery, type BigQueryOptions } from '@google-cloud/bigquery';
import { PassThroughClient } from 'google-auth-library';
import type { Config } from '../config/config.ts';
import type { Db } from '../store/db.ts';
import type { Logger } from '../util/logger.ts';
import { syncWarehouse, type WarehouseReport } from './sink.ts';
import { parseWarehouse, type WarehouseTarget } from './target.ts';

export { parseWarehouse, type WarehouseTarget } from './target.ts';
export { syncWarehouse, type WarehouseReport } from './sink.ts';
export { warehouseViews } from './views.ts';

export function warehouseTarget(config: Config): WarehouseTarget | undefined {
  return parseWarehouse(config.warehouse.setting, config.warehouse.bigqueryEndpoint);
}

/**
 * The official client. With a custom endpoint (the simulator, an emulator) it gets a pass-through
 * auth client: unlike the Storage client, BigQuery does not skip auth for custom endpoints, and
 * Application Default Credentials would probe the GCE metadata server (169.254.169.254).
 */
export function bigQueryClient(target: WarehouseTarget, extra: BigQueryOptions = {}): BigQuery {
  if (!target.endpoint) return new BigQuery({ ...extra, projectId: target.projectId });
  return new BigQuery({
    ...extra,
    projectId: target.projectId,
    apiEndpoint: target.endpoint,
    authClient: offlineAuth(),
  });
}

/** An auth that adds no credentials and never looks any up (no metadata server, no key files). */
export function offlineAuth(): PassThroughClient {
  return new PassThroughClient();
}

export type WarehouseSyncResult =
  { status: 'off' } | { status: 'ok'; report: WarehouseReport } | { status: 'failed'; error: string };

export async function syncWarehouseAfterRun(
  deps: { db: Db; config: Config; logger: Logger },
  trigger: 'capture' | 'import',
  bigquery?: BigQuery,
): Promise<WarehouseSyncResult> {
  let target: WarehouseTarget | undefined;
  try {
    target = warehouseTarget(deps.config);
    if (!target) return { status: 'off' };
    const report = await syncWarehouse({
      db: deps.db,
      bigquery: bigquery ?? bigQueryClient(target),
      target,
      timeZone: deps.config.timeZone,
    });
    const log = report.failed.length
      ? deps.logger.warn.bind(deps.logger)
      : deps.logger.info.bind(deps.logger);
    log('warehouse sync', {
      trigger,
      plays: report.plays,
      catalogRows: report.catalogRows,
      requests: report.requests,
      retried: report.retried,
      failedRows: report.failed.length,
      ...(report.failed.length
        ? { firstFailure: `${report.failed[0]!.reason}: ${report.failed[0]!.message}` }
        : {}),
    });
    return { status: 'ok', report };
  } catch (error) {
    const message = (error as Error).message ?? String(error);
    deps.logger.warn('warehouse unavailable: plays stay in the local store and go on the next run', {
      trigger,
      error: message,
    });
    return { status: 'failed', error: message };
  }
}
