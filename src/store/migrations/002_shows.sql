-- Shows near you: the user's places and the concerts the event sources list around them,
-- stored as the sources billed them. Matching performers to Spotify artists, track picks
-- and playlists live in tables of their own (artist_matches, artist_picks, playlists).
-- Times are UTC TIMESTAMPTZ; local_date/local_time are the venue's calendar and clock.

CREATE TABLE places (
  place_id      VARCHAR PRIMARY KEY,           -- slug of the name, e.g. buffalo-ny
  name          VARCHAR NOT NULL,
  kind          VARCHAR NOT NULL,              -- point | postal | city | state
  lat           DOUBLE,
  lon           DOUBLE,
  radius_miles  DOUBLE,                        -- point and postal places
  postal_code   VARCHAR,
  city          VARCHAR,
  state_code    VARCHAR,
  country_code  VARCHAR NOT NULL DEFAULT 'US',
  time_zone     VARCHAR,                       -- IANA; NULL = the configured default
  created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Venues as each source describes them; the same building from two sources is two rows.
CREATE TABLE venues (
  venue_key     VARCHAR PRIMARY KEY,           -- <source>:venue:<id>
  source        VARCHAR NOT NULL,
  name          VARCHAR NOT NULL,
  city          VARCHAR,
  state_code    VARCHAR,
  country_code  VARCHAR,
  postal_code   VARCHAR,
  lat           DOUBLE,
  lon           DOUBLE,
  time_zone     VARCHAR,
  updated_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- One row per show. When two sources list the same show, the preferred source's key is
-- event_key and the others are kept in alt_keys, so either listing finds the row again.
CREATE TABLE events (
  event_key          VARCHAR PRIMARY KEY,      -- ticketmaster:<id> | seatgeek:<id>
  source             VARCHAR NOT NULL,
  source_id          VARCHAR NOT NULL,
  alt_keys           VARCHAR[] NOT NULL DEFAULT [],
  name               VARCHAR NOT NULL,
  url                VARCHAR,
  start_utc          TIMESTAMPTZ,              -- NULL while the time is to be announced
  local_date         DATE NOT NULL,
  local_time         VARCHAR,                  -- HH:MM on the venue's clock
  time_zone          VARCHAR,
  status             VARCHAR NOT NULL,         -- scheduled | cancelled | postponed | rescheduled
  segment            VARCHAR,
  genre              VARCHAR,
  sub_genre          VARCHAR,
  venue_key          VARCHAR NOT NULL,
  content_hash       VARCHAR NOT NULL,         -- of the fields above: a rerun that finds it equal writes nothing
  performers_hash    VARCHAR NOT NULL,         -- of the bill: performers are rewritten only when it changes
  first_seen_at      TIMESTAMPTZ NOT NULL,
  last_seen_at       TIMESTAMPTZ NOT NULL,     -- the last sync that listed it
  updated_at         TIMESTAMPTZ NOT NULL,     -- the last sync that changed it
  status_changed_at  TIMESTAMPTZ
);

-- Which places' searches listed an event (a show can be near two places).
CREATE TABLE event_places (
  event_key      VARCHAR NOT NULL,
  place_id       VARCHAR NOT NULL,
  first_seen_at  TIMESTAMPTZ NOT NULL,
  last_seen_at   TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (event_key, place_id)
);

-- The bill as the source gave it: one row per performer, headliner first. Names are
-- verbatim ("Artist A & Artist B", "Zoso - The Ultimate Led Zeppelin Experience"): the
-- matcher splits co-bills and decides tribute acts, and fills `tribute`.
CREATE TABLE event_performers (
  event_key            VARCHAR NOT NULL,
  position             INTEGER NOT NULL,       -- 0 = first billed
  name                 VARCHAR NOT NULL,
  headliner            BOOLEAN NOT NULL,
  billed_from          VARCHAR NOT NULL,       -- source | event_name (no performer listed)
  source_performer_id  VARCHAR,
  spotify_artist_id    VARCHAR,                -- when the source links one
  mbid                 VARCHAR,
  genre                VARCHAR,
  tribute              BOOLEAN,                -- NULL until the matcher decides
  PRIMARY KEY (event_key, position)
);
