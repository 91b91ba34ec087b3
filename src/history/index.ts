/** The history import's parts and the export (the import pipeline itself is src/jobs/history-import.ts). */
export { defaultExportName, EXPORT_FORMATS, type ExportFormat, exportPlays } from './export-plays.ts';
export { resolveImportUser } from './import-user.ts';
export { formatUndo, type UndoResult, undoImport } from './undo.ts';
export { isOwnerRefusal } from './owner-check.ts';
export { HistoryInputError, type ImportInput } from './inputs.ts';
export { formatImportSummary } from './report.ts';
export type { FileSkip, ImportReport, RowReject } from './types.ts';
export { DEFAULT_ZIP_LIMITS, type ZipLimits } from './zip.ts';
