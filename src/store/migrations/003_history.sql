-- History import bookkeeping. A file of a data export is recorded here, by the SHA-256 of
-- its bytes, in the same transaction that stores its plays: a rerun after an interruption
-- skips the files already done without reading them. The import is correct without this
-- table too (reconciliation finds every stored play again); it only saves the work.

CREATE TABLE import_files (
  user_id            VARCHAR NOT NULL,
  content_hash       VARCHAR NOT NULL,         -- sha256 of the file's bytes, hex
  label              VARCHAR NOT NULL,         -- where it was read from (path, or zip:entry), for people
  format             VARCHAR NOT NULL,         -- spotify_extended | spotify_account | encore_jsonl | encore_csv | encore_parquet | listenbrainz
  rows_read          INTEGER NOT NULL,
  plays_added        INTEGER NOT NULL,
  duplicates_merged  INTEGER NOT NULL,
  already_imported   INTEGER NOT NULL,
  rows_rejected      INTEGER NOT NULL,
  run_id             VARCHAR,                  -- job_runs.run_id of the import (job = 'history-import')
  imported_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, content_hash)
);
