-- import_file_plays loses its primary key. The key's index (four columns, two of them long
-- strings) cost more than the plays themselves at import time: a 1M-row export spent 2 of
-- its 20 s inserting into it and about as much checkpointing it. Nothing looks rows up by
-- that key: undo reads one file's rows (user_id, content_hash) in a scan, and the import
-- keeps the table free of duplicates itself (recordFilePlays).
CREATE TABLE import_file_plays_unkeyed (
  user_id       VARCHAR NOT NULL,
  content_hash  VARCHAR NOT NULL,
  track_key     VARCHAR NOT NULL,
  played_at     TIMESTAMPTZ NOT NULL
);
INSERT INTO import_file_plays_unkeyed SELECT DISTINCT user_id, content_hash, track_key, played_at FROM import_file_plays;
DROP TABLE import_file_plays;
ALTER TABLE import_file_plays_unkeyed RENAME TO import_file_plays;
