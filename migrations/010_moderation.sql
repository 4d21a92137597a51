-- Moderation (issue 4): visitors' proposals of new places, and the decisions on error reports.
-- A proposal keeps the form as the visitor typed it (no personal data is asked) and the
-- territory it falls in, so it reaches the coordinators of that territory only.
CREATE TABLE suggestions (
  id uuid PRIMARY KEY,
  fields jsonb NOT NULL,
  message text NOT NULL DEFAULT '' CHECK (char_length(message) <= 2000),
  commune_code text,
  epci_code text,
  departement_code text,
  region_code text,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'rejected')),
  reason text,
  decided_by uuid REFERENCES users (id) ON DELETE SET NULL,
  decided_at timestamptz,
  -- the place published from it
  lieu_id uuid REFERENCES lieux (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX suggestions_pending ON suggestions (status, created_at);

-- Reports: 'new' (waiting), 'accepted' (the place was corrected, or already right), 'rejected'.
ALTER TABLE signalements ADD CONSTRAINT signalements_status CHECK (status IN ('new', 'accepted', 'rejected'));
ALTER TABLE signalements ADD COLUMN reason text;
ALTER TABLE signalements ADD COLUMN decided_by uuid REFERENCES users (id) ON DELETE SET NULL;
ALTER TABLE signalements ADD COLUMN decided_at timestamptz;
-- the correction made from it, in change_log
ALTER TABLE signalements ADD COLUMN change_id bigint;
