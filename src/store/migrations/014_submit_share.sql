-- Tokens other players use to send plays in (POST /1/submit-listens, src/submit) and
-- share links of a year-in-review (src/share). Only the SHA-256 of each secret is kept,
-- so a copy of the database (or a backup) cannot be used to submit or to read a share.

CREATE TABLE submit_tokens (
  token_id      VARCHAR PRIMARY KEY,           -- public handle for `encore token list/revoke`
  token_hash    VARCHAR NOT NULL UNIQUE,       -- hex SHA-256 of the token
  user_id       VARCHAR NOT NULL,              -- the account its plays are stored for
  label         VARCHAR,
  created_at    TIMESTAMPTZ NOT NULL,
  last_used_at  TIMESTAMPTZ,
  revoked_at    TIMESTAMPTZ
);

CREATE TABLE share_links (
  share_id    VARCHAR PRIMARY KEY,             -- public handle for `encore share list/revoke`
  token_hash  VARCHAR NOT NULL UNIQUE,         -- hex SHA-256 of the token in /share/<token>
  user_id     VARCHAR NOT NULL,
  kind        VARCHAR NOT NULL DEFAULT 'year', -- what is shared: a year-in-review
  year        INTEGER NOT NULL,
  created_at  TIMESTAMPTZ NOT NULL,
  revoked_at  TIMESTAMPTZ
);
