-- Orientations recorded by professionals from the orientation slip (/fiche), for the
-- observatory: which needs are sent to which places, by which structure. Nothing about the
-- person: no name, no contact, no free text from them; the day only, not the time.
CREATE TABLE orientations (
  id uuid PRIMARY KEY,
  recorded_on date NOT NULL,
  services text[] NOT NULL DEFAULT '{}',
  lieu_ids uuid[] NOT NULL CHECK (cardinality(lieu_ids) BETWEEN 1 AND 3),
  structure text NOT NULL CHECK (char_length(structure) BETWEEN 1 AND 120),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX orientations_recorded_on ON orientations (recorded_on);
