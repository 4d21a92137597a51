-- Requests by structure managers to manage a place (issue 4): accepted at once when the
-- person's e-mail domain is the place's, otherwise decided by a coordinator of its territory.
CREATE TABLE claims (
  id uuid PRIMARY KEY,
  lieu_id uuid NOT NULL REFERENCES lieux (id),
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  status text NOT NULL CHECK (status IN ('pending', 'accepted', 'refused')),
  -- how it was decided: 'domain' (automatic) or 'coordinator'
  decided_how text,
  decided_by uuid REFERENCES users (id) ON DELETE SET NULL,
  reason text,
  created_at timestamptz NOT NULL DEFAULT now(),
  decided_at timestamptz
);
CREATE UNIQUE INDEX claims_one_pending ON claims (lieu_id, user_id) WHERE status = 'pending';
CREATE INDEX claims_pending ON claims (status, created_at);
