-- Référentiel: territories, places, the source records they are built from, imports, merges,
-- and the log of every change to shared data. Only extensions shipped in postgresql-contrib.
CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;

CREATE TABLE regions (
  code text PRIMARY KEY,
  nom text NOT NULL,
  zone text NOT NULL
);

CREATE TABLE departements (
  code text PRIMARY KEY,
  nom text NOT NULL,
  region_code text NOT NULL REFERENCES regions (code),
  zone text NOT NULL
);

CREATE TABLE epci (
  code text PRIMARY KEY,
  nom text NOT NULL,
  type text NOT NULL,
  population integer
);

CREATE TABLE communes (
  code text PRIMARY KEY,
  nom text NOT NULL,
  nom_normalise text NOT NULL,
  departement_code text NOT NULL REFERENCES departements (code),
  region_code text NOT NULL REFERENCES regions (code),
  epci_code text REFERENCES epci (code),
  codes_postaux text[] NOT NULL DEFAULT '{}',
  population integer,
  zone text NOT NULL
);
CREATE INDEX communes_nom_trgm ON communes USING gin (nom_normalise gin_trgm_ops);
CREATE INDEX communes_codes_postaux ON communes USING gin (codes_postaux);
CREATE INDEX communes_departement ON communes (departement_code);
CREATE INDEX communes_epci ON communes (epci_code);

-- Delegated / associated communes and municipal arrondissements, to resolve codes found in
-- older files to the current commune.
CREATE TABLE communes_historiques (
  code text NOT NULL,
  type text NOT NULL,
  nom text NOT NULL,
  commune_code text NOT NULL REFERENCES communes (code),
  PRIMARY KEY (code, type)
);

CREATE TABLE lieux (
  id uuid PRIMARY KEY,
  kind text NOT NULL DEFAULT 'mediation',
  nom text NOT NULL,
  -- The place composed from its source records (see lieux/store/compose.ts), in the standard's
  -- structured shape plus our extensions. The provenance of each field is recomputed from them.
  data jsonb NOT NULL,
  pivot text,
  code_postal text,
  commune_code text,
  departement_code text,
  epci_code text,
  region_code text,
  latitude double precision,
  longitude double precision,
  services text[] NOT NULL DEFAULT '{}',
  publics_specifiquement_adresses text[] NOT NULL DEFAULT '{}',
  prise_en_charge_specifique text[] NOT NULL DEFAULT '{}',
  frais_a_charge text[] NOT NULL DEFAULT '{}',
  modalites_acces text[] NOT NULL DEFAULT '{}',
  modalites_accompagnement text[] NOT NULL DEFAULT '{}',
  -- Communes an itinerant service visits (besides commune_code).
  communes_desservies text[] NOT NULL DEFAULT '{}',
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'temporarily_closed', 'closed')),
  date_maj date,
  verified_at timestamptz,
  search_text text NOT NULL DEFAULT '',
  merged_into uuid REFERENCES lieux (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX lieux_position ON lieux USING gist (point(longitude, latitude)) WHERE merged_into IS NULL;
CREATE INDEX lieux_commune ON lieux (commune_code) WHERE merged_into IS NULL;
CREATE INDEX lieux_departement ON lieux (departement_code) WHERE merged_into IS NULL;
CREATE INDEX lieux_epci ON lieux (epci_code) WHERE merged_into IS NULL;
CREATE INDEX lieux_services ON lieux USING gin (services);
CREATE INDEX lieux_communes_desservies ON lieux USING gin (communes_desservies);
CREATE INDEX lieux_search_text ON lieux USING gin (search_text gin_trgm_ops);
CREATE INDEX lieux_pivot ON lieux (pivot);

CREATE TABLE import_runs (
  id bigserial PRIMARY KEY,
  source text NOT NULL,
  format text NOT NULL,
  file_name text NOT NULL,
  actor text NOT NULL,
  started_at timestamptz NOT NULL,
  finished_at timestamptz NOT NULL DEFAULT now(),
  rows_read integer NOT NULL,
  rows_created integer NOT NULL,
  rows_updated integer NOT NULL,
  rows_unchanged integer NOT NULL,
  rows_rejected integer NOT NULL,
  rejections jsonb NOT NULL DEFAULT '[]'
);

-- One row per record received from a source; never deleted by a merge.
CREATE TABLE source_records (
  source text NOT NULL,
  source_id text NOT NULL,
  lieu_id uuid NOT NULL REFERENCES lieux (id),
  format text NOT NULL,
  data jsonb NOT NULL,
  hash text NOT NULL,
  import_run_id bigint REFERENCES import_runs (id),
  first_seen_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (source, source_id)
);
CREATE INDEX source_records_lieu ON source_records (lieu_id);

CREATE TABLE merges (
  id bigserial PRIMARY KEY,
  target_id uuid NOT NULL REFERENCES lieux (id),
  merged_id uuid NOT NULL REFERENCES lieux (id),
  reason text NOT NULL,
  distance_m double precision,
  name_similarity double precision,
  -- [source, source_id] pairs moved from merged_id to target_id, to undo exactly.
  moved_records jsonb NOT NULL,
  status text NOT NULL CHECK (status IN ('applied', 'confirmed', 'undone')),
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by text NOT NULL,
  decided_at timestamptz,
  decided_by text
);
CREATE INDEX merges_target ON merges (target_id);
CREATE INDEX merges_merged ON merges (merged_id);

CREATE TABLE change_log (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  actor text NOT NULL,
  action text NOT NULL,
  lieu_id uuid,
  details jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX change_log_lieu ON change_log (lieu_id);
