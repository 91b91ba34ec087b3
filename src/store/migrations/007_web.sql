-- Browser sessions of the web app. The cookie carries a random id; only its SHA-256 is
-- stored, so a copy of the database (or a backup) cannot be replayed as a session.
-- One row per signed-in browser; signing in again from that browser replaces its row.

CREATE TABLE web_sessions (
  session_hash  VARCHAR PRIMARY KEY,           -- hex SHA-256 of the cookie value
  user_id       VARCHAR NOT NULL,              -- the account this browser is signed in as
  csrf_token    VARCHAR NOT NULL,              -- synchronizer token for forms and fetch
  created_at    TIMESTAMPTZ NOT NULL,
  expires_at    TIMESTAMPTZ NOT NULL
);

CREATE INDEX web_sessions_user ON web_sessions (user_id);
