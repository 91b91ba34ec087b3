-- Which import file added which play, so that `encore import --undo FILE` can take one
-- file's plays out again. A row is written in the file's own transaction, for the plays
-- that transaction inserted (plays a file only enriched or matched are not listed: they
-- were there before it). A play replaced later by a better row of another file is deleted
-- from plays; its row here then names nothing, and undo simply finds nothing to delete.

CREATE TABLE import_file_plays (
  user_id       VARCHAR NOT NULL,
  content_hash  VARCHAR NOT NULL,           -- import_files.content_hash of the file that added it
  track_key     VARCHAR NOT NULL,
  played_at     TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (user_id, content_hash, track_key, played_at)
);

-- Files imported before this table existed: a play's inserted_at and its file's
-- imported_at are both the start of that file's transaction (now()), so they pair up.
-- (A file imported again with --force moved its imported_at: its first plays stay unlisted.)
INSERT INTO import_file_plays (user_id, content_hash, track_key, played_at)
SELECT f.user_id, f.content_hash, p.track_key, p.played_at
FROM import_files f JOIN plays p ON p.user_id = f.user_id AND p.inserted_at = f.imported_at;
