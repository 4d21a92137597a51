-- Freshness reminders (issue 4): a manager is mailed when a place she manages has not been
-- confirmed for N months, with a one-click "still correct" link. One row per place, manager and
-- due day (last confirmation + N months, as a calendar day in Europe/Paris): the UNIQUE
-- constraint is the claim, so several processes sweeping at once send one mail, and a place is
-- reminded again only once re-verified and stale again (a new due day). The job is this row:
-- sent_at stays NULL until the mail is accepted, so a failed or interrupted send is retried.
CREATE TABLE freshness_reminders (
  id uuid PRIMARY KEY,
  lieu_id uuid NOT NULL REFERENCES lieux (id),
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  due_on date NOT NULL,
  -- SHA-256 of the link's token, replaced at each attempt (the token itself is never stored)
  token_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  -- the last send attempt and how many there were: a retry waits for a lease, and stops after a few
  attempted_at timestamptz NOT NULL,
  attempts int NOT NULL DEFAULT 1,
  sent_at timestamptz,
  used_at timestamptz,
  UNIQUE (lieu_id, user_id, due_on)
);
CREATE INDEX freshness_reminders_unsent ON freshness_reminders (attempted_at) WHERE sent_at IS NULL;
CREATE INDEX freshness_reminders_user ON freshness_reminders (user_id);
