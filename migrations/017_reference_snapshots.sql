-- Reference data that every import reads whole, kept as one JSON text: the commune resolver's
-- 35,000 communes took ~0.2 s to aggregate at the start of each import in a new process
-- (json_agg over the table, PGlite's code still cold), ~0.03 s to read back as a stored text
-- (territoires/commune-snapshot.ts, docs/benchmarks.md).
--
-- A snapshot is named after what it holds and the version of its format, so that code reading
-- another format never takes it. Any write to the columns it is made from forgets it (the
-- statement-level triggers below): the next reader makes it again from the tables, which stay
-- the only truth.
CREATE TABLE reference_snapshots (
  name text PRIMARY KEY,
  body text NOT NULL,
  made_at timestamptz NOT NULL DEFAULT now()
);

CREATE FUNCTION forget_commune_snapshots() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM reference_snapshots WHERE name LIKE 'communes%';
  RETURN NULL;
END $$;

-- Positions (latitude, longitude), population and zone are not in the snapshot: updating them keeps it.
CREATE TRIGGER communes_forget_snapshots
  AFTER INSERT OR DELETE OR UPDATE OF code, nom, nom_normalise, departement_code, region_code, epci_code, codes_postaux
  ON communes FOR EACH STATEMENT EXECUTE FUNCTION forget_commune_snapshots();
CREATE TRIGGER communes_truncate_forget_snapshots
  AFTER TRUNCATE ON communes FOR EACH STATEMENT EXECUTE FUNCTION forget_commune_snapshots();
CREATE TRIGGER communes_historiques_forget_snapshots
  AFTER INSERT OR UPDATE OR DELETE ON communes_historiques FOR EACH STATEMENT EXECUTE FUNCTION forget_commune_snapshots();
CREATE TRIGGER communes_historiques_truncate_forget_snapshots
  AFTER TRUNCATE ON communes_historiques FOR EACH STATEMENT EXECUTE FUNCTION forget_commune_snapshots();
