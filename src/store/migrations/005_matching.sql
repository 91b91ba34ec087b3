-- Shows near you, second half: which Spotify artist each billed performer is, which of
-- their tracks are worth hearing before the show, and the playlists encore manages.
-- A decision is keyed by the performer key (src/matching performerKey: the cleaned,
-- normalised name), so the same act billed at ten shows is decided once.

CREATE TABLE artist_matches (
  performer_key     VARCHAR PRIMARY KEY,       -- performerKey(name)
  performer_name    VARCHAR NOT NULL,          -- one billed spelling, for people
  artist_id         VARCHAR,                   -- NULL = unmatched (a valid answer)
  artist_name       VARCHAR,
  method            VARCHAR NOT NULL,          -- link | exact | fuzzy | history | manual | none | split
  score             DOUBLE NOT NULL,
  runner_up_id      VARCHAR,
  runner_up_name    VARCHAR,
  runner_up_score   DOUBLE,
  reason            VARCHAR NOT NULL,          -- the explanation `encore match explain` prints
  tribute           BOOLEAN NOT NULL DEFAULT false,
  candidates        JSON,                      -- the search results it decided among (id, name, genres)
  matcher_version   INTEGER NOT NULL,          -- recomputed only when older and not manual
  manual            BOOLEAN NOT NULL DEFAULT false,  -- set by `encore match set`; always wins
  decided_at        TIMESTAMPTZ NOT NULL,
  -- A billing split into several performers ("A & B", "A with B"): method 'split', the
  -- first accepted part in artist_id, and the parts' own keys here (each has its own row).
  part_keys         VARCHAR[]
);

-- Source links (e.g. a Ticketmaster attraction's Spotify URL) are verified once each.
CREATE TABLE artist_link_checks (
  artist_id      VARCHAR PRIMARY KEY,
  exists_on_spotify BOOLEAN NOT NULL,
  name           VARCHAR,
  checked_at     TIMESTAMPTZ NOT NULL
);

-- Tracks picked per artist, cached for 30 days (fetched_at). One row per picked track.
CREATE TABLE artist_picks (
  artist_id    VARCHAR NOT NULL,
  rank         INTEGER NOT NULL,               -- 1 = best
  track_id     VARCHAR NOT NULL,
  track_name   VARCHAR,
  source       VARCHAR NOT NULL,               -- top_tracks | setlist | search | history
  fetched_at   TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (artist_id, rank)
);

-- Remembers that an artist had no pickable tracks, so a rerun does not search again.
CREATE TABLE artist_pick_attempts (
  artist_id    VARCHAR PRIMARY KEY,
  picked       INTEGER NOT NULL,
  sources      VARCHAR,                        -- which chain links were tried, comma-separated
  fetched_at   TIMESTAMPTZ NOT NULL
);

-- Audio features where the app's tier allows them (Extended only since 2024/2026).
CREATE TABLE track_features (
  track_id          VARCHAR PRIMARY KEY,
  danceability      DOUBLE,
  energy            DOUBLE,
  key               INTEGER,
  loudness          DOUBLE,
  mode              INTEGER,
  speechiness       DOUBLE,
  acousticness      DOUBLE,
  instrumentalness  DOUBLE,
  liveness          DOUBLE,
  valence           DOUBLE,
  tempo             DOUBLE,
  fetched_at        TIMESTAMPTZ NOT NULL
);

-- Playlists encore created and manages. encore never touches a playlist not listed here.
CREATE TABLE playlists (
  playlist_key         VARCHAR PRIMARY KEY,    -- encore's own id, e.g. pl_<random>
  user_id              VARCHAR NOT NULL,       -- the owner account
  spotify_playlist_id  VARCHAR,                -- NULL until created on Spotify
  name                 VARCHAR NOT NULL,
  definition           JSON NOT NULL,          -- place, window, filters, tracks per artist, max tracks
  track_ids            VARCHAR[],              -- what encore last wrote, in order
  snapshot_id          VARCHAR,
  created_at           TIMESTAMPTZ NOT NULL,
  last_refreshed_at    TIMESTAMPTZ,
  last_change          JSON                    -- added / removed / kept counts of the last refresh
);
