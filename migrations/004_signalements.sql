-- Errors on a place reported by visitors ("Signaler une erreur sur ce lieu"), kept for the
-- moderators (issue 4). No personal data: only what is wrong, the visitor's text and the date.
-- status starts at 'new'; the moderation workflow (issue 4) defines the other values.
CREATE TABLE signalements (
  id bigserial PRIMARY KEY,
  lieu_id uuid NOT NULL REFERENCES lieux (id),
  kind text NOT NULL CHECK (kind IN ('ferme', 'horaires', 'adresse', 'contact', 'autre')),
  message text NOT NULL DEFAULT '' CHECK (char_length(message) <= 2000),
  status text NOT NULL DEFAULT 'new',
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX signalements_lieu ON signalements (lieu_id);
CREATE INDEX signalements_status ON signalements (status, created_at);
