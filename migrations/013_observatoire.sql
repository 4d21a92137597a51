-- The observatory's datasets (issue 5): public open data loaded from a file (`passerelle data
-- load`, `data fetch`, the demo copies at first start), one version of each dataset at a time.
-- Written by observatoire/datasets/store.ts only; a new version replaces the old one in one
-- transaction, and loading the same file again (same sha256) changes nothing.
CREATE TABLE observatoire_datasets (
  -- the registry's name (observatoire/datasets/registry.ts), or the name given to an indicator CSV
  name text PRIMARY KEY,
  -- the parser that read it: communes-indicateurs, iris-indicateurs, passage, topojson,
  -- centroides, comparateur, indicateurs-csv
  parser text NOT NULL,
  title text NOT NULL,
  version text NOT NULL,
  -- of the file as loaded (the .gz itself when gzipped)
  sha256 text NOT NULL,
  -- where the figures come from (shown with every figure they feed)
  source_url text NOT NULL,
  -- the URL downloaded or the local path loaded
  fetched_from text NOT NULL,
  loaded_at timestamptz NOT NULL DEFAULT now(),
  rows integer NOT NULL,
  -- the numeric columns kept (keys of the values below), in the file's order
  columns text[] NOT NULL DEFAULT '{}',
  -- what the loading noticed: unknown codes, merged communes, columns left out
  report jsonb NOT NULL DEFAULT '{}'
);

-- Indicator values per commune (COG 2026 code, after the passage table): one row per dataset and
-- commune, the numbers in a jsonb array in the order of observatoire_datasets.columns (half the
-- size and time of an object repeating the names); null = empty cell (not published: statistical
-- secrecy). A commune without a row has no value in that dataset. One value in SQL:
--   "values" -> (array_position(d.columns, 'pct_65plus') - 1)
CREATE TABLE observatoire_commune_values (
  dataset text NOT NULL REFERENCES observatoire_datasets (name) ON DELETE CASCADE,
  code text NOT NULL,
  "values" jsonb NOT NULL,
  PRIMARY KEY (dataset, code)
);

-- Indicator values per IRIS (jsonb array as above), with the COG 2026 commune each belongs to.
CREATE TABLE observatoire_iris_values (
  dataset text NOT NULL REFERENCES observatoire_datasets (name) ON DELETE CASCADE,
  code_iris text NOT NULL,
  commune_code text NOT NULL,
  -- the commune code as written in the source (older COG for merged communes)
  commune_code_source text,
  typ_iris text,
  "values" jsonb NOT NULL,
  PRIMARY KEY (dataset, code_iris)
);
CREATE INDEX observatoire_iris_values_commune ON observatoire_iris_values (commune_code);

-- The passage table: an old commune code (COG 2018, COG 2024…) and the COG 2026 commune it is now
-- part of, from the dataset that says so (passage-communes, insee-comparateur).
CREATE TABLE observatoire_passage (
  dataset text NOT NULL REFERENCES observatoire_datasets (name) ON DELETE CASCADE,
  old_code text NOT NULL,
  new_code text NOT NULL,
  method text,
  PRIMARY KEY (dataset, old_code)
);

-- Files kept whole (the TopoJSON outlines): gzipped bytes, served as simplified layers by the pages.
CREATE TABLE observatoire_files (
  dataset text PRIMARY KEY REFERENCES observatoire_datasets (name) ON DELETE CASCADE,
  content_gzip bytea NOT NULL,
  content_type text NOT NULL,
  -- size of the uncompressed content, in bytes
  size integer NOT NULL
);
