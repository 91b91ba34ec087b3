-- Forwarding plays to ListenBrainz and Last.fm (src/forward/). Per account, opt-in: one row
-- per target. The secret (a ListenBrainz user token or a Last.fm session key) is encrypted
-- with AES-256-GCM like the Spotify tokens (src/spotify/token-crypto.ts), never stored plain.
-- A play is sent once: forward_delivered is the ledger of what the target acknowledged,
-- forward_cursor the high-water mark and the batch in flight (so a crash mid-batch is
-- reconciled against the target before anything is sent again), forward_dead_letters the
-- plays the target refused for good.

CREATE TABLE forward_targets (
  target_id       VARCHAR PRIMARY KEY,          -- fwd_… handle for `encore forward list/remove`
  user_id         VARCHAR NOT NULL,             -- the encore account whose plays are sent
  kind            VARCHAR NOT NULL,             -- listenbrainz | lastfm
  remote_user     VARCHAR NOT NULL,             -- the ListenBrainz / Last.fm user name
  secret_enc      VARCHAR NOT NULL,             -- encrypted token or session key
  enabled         BOOLEAN NOT NULL DEFAULT true,
  state           VARCHAR NOT NULL DEFAULT 'ok',   -- ok | auth_failed (an invalid token or session: not retried)
  state_reason    VARCHAR,
  since           TIMESTAMPTZ NOT NULL,         -- plays that ended at or after this are forwarded
  created_at      TIMESTAMPTZ NOT NULL,
  updated_at      TIMESTAMPTZ NOT NULL,
  UNIQUE (user_id, kind)
);

CREATE TABLE forward_cursor (
  target_id          VARCHAR PRIMARY KEY,
  high_water_played  TIMESTAMPTZ,               -- the latest play delivered so far
  delivered_count    BIGINT NOT NULL DEFAULT 0,
  last_delivery_at   TIMESTAMPTZ,
  in_flight          JSON,                      -- play refs of the batch sent but not yet acknowledged
  in_flight_since    TIMESTAMPTZ,
  updated_at         TIMESTAMPTZ NOT NULL
);

CREATE TABLE forward_delivered (
  target_id     VARCHAR NOT NULL,
  user_id       VARCHAR NOT NULL,
  track_key     VARCHAR NOT NULL,
  played_at     TIMESTAMPTZ NOT NULL,
  delivered_at  TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (target_id, user_id, track_key, played_at)
);

CREATE TABLE forward_dead_letters (
  target_id     VARCHAR NOT NULL,
  user_id       VARCHAR NOT NULL,                -- play ref: (user_id, track_key, played_at)
  track_key     VARCHAR NOT NULL,
  played_at     TIMESTAMPTZ NOT NULL,
  error         VARCHAR NOT NULL,
  attempts      INTEGER NOT NULL DEFAULT 1,
  last_attempt  TIMESTAMPTZ NOT NULL,
  retry         BOOLEAN NOT NULL DEFAULT false,  -- set by `encore forward retry` / the Status page button
  PRIMARY KEY (target_id, user_id, track_key, played_at)
);
