/**
 * `encore sim`'s cloud half: the Cloud Storage and BigQuery simulators next to the Spotify one,
 * so the cloud settings (ENCORE_STATE_URL, ENCORE_SHOWS_EXPORT, ENCORE_WAREHOUSE) can be tried on
 * a laptop. Imported lazily: the BigQuery simulator runs ZetaSQL from a dev dependency, which a
 * production install does not have — then only that simulator is left out, with the reason.
 */
export interface CloudSimOptions {
  gcsPort: number;
  bigqueryPort: number;
  buckets: string[];
  projectId: string;
  log: (line: string) => void;
}

export interface RunningCloudSims {
  close(): Promise<void>;
}

export async function startCloudSims(options: CloudSimOptions): Promise<RunningCloudSims> {
  const { log } = options;
  const closers: (() => Promise<void>)[] = [];
  const { startGcsSim } = await import('../../../sim/gcs/index.ts');
  const gcs = await startGcsSim({ buckets: options.buckets, port: options.gcsPort });
  closers.push(() => gcs.close());
  log(`[sim] Cloud Storage simulator (JSON API subset, generation preconditions)`);
  log(
    `[sim]   endpoint:  ${gcs.url}  (ENCORE_GCS_ENDPOINT=${gcs.url} or STORAGE_EMULATOR_HOST=${gcs.url.replace('http://', '')})`,
  );
  log(`[sim]   buckets:   ${options.buckets.map((b) => `gs://${b}`).join(', ')}`);
  try {
    const { startBigQuerySim } = await import('../../../sim/bigquery/index.ts');
    const bq = await startBigQuerySim({ projectId: options.projectId, port: options.bigqueryPort });
    closers.push(() => bq.close());
    log(`[sim] BigQuery simulator (REST subset, every statement checked by ZetaSQL)`);
    log(`[sim]   endpoint:  ${bq.url}  (ENCORE_BIGQUERY_ENDPOINT=${bq.url})`);
    log(`[sim]   project:   ${options.projectId}  (ENCORE_WAREHOUSE=bigquery://${options.projectId}/encore)`);
  } catch (error) {
    log(
      `[sim] BigQuery simulator not started: ${(error as Error).message.split('\n')[0]} (it needs the dev dependencies: npm ci)`,
    );
  }
  return {
    async close() {
      for (const close of closers.reverse()) await close();
    },
  };
}
