-- Rate-limit counters (login, suggestions): one row per key and fixed window, shared by every
-- web process on the same database. Keys are opaque ("login:email:<sha256>"): no e-mail
-- address or IP is stored in clear. Old windows are purged by src/platform/rate-limit.ts.
CREATE TABLE rate_limits (
  key text NOT NULL,
  window_start timestamptz NOT NULL,
  hits integer NOT NULL,
  PRIMARY KEY (key, window_start)
);
CREATE INDEX rate_limits_window_start ON rate_limits (window_start);
