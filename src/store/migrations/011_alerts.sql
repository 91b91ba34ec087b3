-- Alerts for loved artists (src/alerts/). A user is told once per show: the row in
-- alerts_sent is written only after the alert was delivered (the webhook answered 2xx, or
-- no webhook is configured), so a failed delivery is retried on the next shows sync and a
-- delivered one is never sent again. The Shows page and `encore shows --new` list the rows
-- not yet dismissed.

CREATE TABLE alert_settings (
  user_id      VARCHAR PRIMARY KEY,
  min_plays    INTEGER,                      -- NULL = this measure does not count
  min_minutes  INTEGER,
  updated_at   TIMESTAMPTZ NOT NULL
);

CREATE TABLE alerts_sent (
  user_id       VARCHAR NOT NULL,
  event_key     VARCHAR NOT NULL,
  artists_json  VARCHAR NOT NULL,            -- [{id,name,plays,minutes}] that made the show an alert
  channel       VARCHAR NOT NULL,            -- webhook | local (no webhook configured)
  sent_at       TIMESTAMPTZ NOT NULL,
  dismissed_at  TIMESTAMPTZ,                 -- dismissed on the Shows page or seen via `shows --new`
  PRIMARY KEY (user_id, event_key)
);
