-- Moderation digests (issue 4): each coordinator (and administrator) is mailed, at most once per
-- PASSERELLE_RESUME_HEURES hours, what waits for her decision on her territories (claims to
-- manage a place, proposals of new places, error reports) when something new arrived since her
-- last digest. One row per person; the state is here only, so any number of processes may sweep.
CREATE TABLE moderation_digests (
  user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  -- items created up to this instant (their own created_at, the database's clock) were told in a
  -- digest, or were too old to tell: starts at the later of the account's creation and 7 days ago
  notified_up_to timestamptz NOT NULL,
  -- the last digest the mail port accepted: the next one waits PASSERELLE_RESUME_HEURES hours
  sent_at timestamptz,
  -- the sweep sending one now (its claim) and when it last tried: a lease, so a send under way is
  -- not doubled and one interrupted by a crash is taken over after a while
  claim_id uuid,
  attempted_at timestamptz,
  -- failed sends in a row: after a few, an address that keeps failing is tried once per interval
  failures int NOT NULL DEFAULT 0
);
