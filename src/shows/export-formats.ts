/** The formats of `encore shows export`: their own module so the CLI's help text loads nothing else. */
export type ShowsExportFormat = 'csv' | 'parquet';
export const SHOWS_EXPORT_FORMATS: ShowsExportFormat[] = ['csv', 'parquet'];
