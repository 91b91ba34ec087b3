-- The listening log: accounts, their tokens, the catalog, plays, raw payloads, cursors
-- and job runs. Times are UTC TIMESTAMPTZ; presentation converts to the user's zone.

CREATE TABLE users (
  user_id        VARCHAR PRIMARY KEY,          -- Spotify user id
  display_name   VARCHAR,
  time_zone      VARCHAR,                      -- IANA zone; NULL = the configured default
  created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE tokens (
  user_id            VARCHAR PRIMARY KEY,
  refresh_token_enc  VARCHAR NOT NULL,         -- AES-256-GCM, see src/spotify/token-crypto.ts
  access_token_enc   VARCHAR,
  access_expires_at  TIMESTAMPTZ,
  scopes             VARCHAR NOT NULL DEFAULT '',
  consented_at       TIMESTAMPTZ NOT NULL,     -- refresh tokens die 6 months after consent
  state              VARCHAR NOT NULL DEFAULT 'ok',   -- ok | reconnect_needed
  state_reason       VARCHAR,
  rotated_at         TIMESTAMPTZ,
  updated_at         TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE artists (
  artist_id      VARCHAR PRIMARY KEY,
  name           VARCHAR NOT NULL,
  genres         VARCHAR[],                    -- NULL = unknown (never guessed)
  genres_source  VARCHAR,                      -- spotify | musicbrainz
  mbid           VARCHAR,
  image_url      VARCHAR,
  updated_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE albums (
  album_id      VARCHAR PRIMARY KEY,
  name          VARCHAR NOT NULL,
  album_type    VARCHAR,
  release_date  VARCHAR,
  image_url     VARCHAR,
  updated_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE tracks (
  track_id     VARCHAR PRIMARY KEY,
  name         VARCHAR NOT NULL,
  duration_ms  INTEGER,
  isrc         VARCHAR,
  album_id     VARCHAR,
  explicit     BOOLEAN,
  is_local     BOOLEAN DEFAULT false,
  updated_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE track_artists (
  track_id   VARCHAR NOT NULL,
  artist_id  VARCHAR NOT NULL,
  position   INTEGER NOT NULL,
  PRIMARY KEY (track_id, artist_id)
);

-- One row per listened play. `track_key` is the track id when known, otherwise a key
-- built from the names the source carried (unresolved imports), so that the natural
-- key (user, track, end of play) is always defined.
CREATE TABLE plays (
  user_id           VARCHAR NOT NULL,
  track_key         VARCHAR NOT NULL,
  played_at         TIMESTAMPTZ NOT NULL,      -- end of play, UTC
  track_id          VARCHAR,
  kind              VARCHAR NOT NULL DEFAULT 'track',    -- track | episode
  track_name        VARCHAR,
  artist_name       VARCHAR,
  album_name        VARCHAR,
  ms_played         INTEGER,
  ms_played_source  VARCHAR,                   -- measured | export | inferred | track_length
  context_uri       VARCHAR,
  source            VARCHAR NOT NULL,          -- recently_played | currently_playing | export_extended | export_account
  skipped           BOOLEAN,
  shuffle           BOOLEAN,
  platform          VARCHAR,
  inserted_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, track_key, played_at)
);

CREATE TABLE raw_payloads (
  payload_id   VARCHAR PRIMARY KEY,
  source       VARCHAR NOT NULL,               -- e.g. spotify:recently_played
  user_id      VARCHAR,
  run_id       VARCHAR,
  fetched_at   TIMESTAMPTZ NOT NULL,
  problem      VARCHAR,                        -- NULL = parsed fine; otherwise why an item was skipped
  body         VARCHAR NOT NULL
);

CREATE TABLE sync_state (
  key         VARCHAR PRIMARY KEY,             -- e.g. recently_played:<user_id>
  value       JSON NOT NULL,
  updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE job_runs (
  run_id       VARCHAR PRIMARY KEY,
  job          VARCHAR NOT NULL,
  user_id      VARCHAR,
  started_at   TIMESTAMPTZ NOT NULL,
  finished_at  TIMESTAMPTZ,
  outcome      VARCHAR NOT NULL DEFAULT 'running',  -- running | ok | partial | failed | deferred
  counts       JSON,
  api_calls    JSON,
  errors       JSON,
  resume_at    TIMESTAMPTZ,
  summary      VARCHAR
);
