-- Catalog resolution after a history import (`encore resolve`): what was tried, so a rerun
-- resumes instead of repeating calls, and one identity per recording for the analytics.

-- One row per thing resolve looked up: a track id (GET /tracks/{id}), a name-keyed play
-- key (strict track search), or an artist (genres from Spotify, else MusicBrainz).
CREATE TABLE resolve_attempts (
  subject       VARCHAR PRIMARY KEY,           -- track:<id> | name:<track_key> | artist:<id>
  outcome       VARCHAR NOT NULL,              -- resolved | unresolved | failed
  resolved_id   VARCHAR,                       -- the track or artist id found, if any
  detail        VARCHAR,                       -- why unresolved / what failed, for people
  attempts      INTEGER NOT NULL DEFAULT 1,
  attempted_at  TIMESTAMPTZ NOT NULL
);

-- The same recording released twice (single and album) has two track ids and one ISRC.
-- Analytics count a track as its recording_id, so both releases add up to one.
CREATE VIEW track_recordings AS
SELECT
  track_id,
  CASE WHEN isrc IS NULL OR isrc = '' THEN track_id
       ELSE min(track_id) OVER (PARTITION BY upper(isrc)) END AS recording_id
FROM tracks;
