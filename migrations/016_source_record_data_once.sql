-- A record that creates its place holds the same JSON as the place: a first import wrote each
-- place's data twice (lieux.data and source_records.data). Now such a record is written with
-- data NULL, which means "the data of my place": on 30,000 new places into PGlite, a quarter less
-- WAL and ~0.3 s less in the insert statement (docs/benchmarks.md). Readers take
-- coalesce(record.data, place.data) (lieux/store/write-records.ts, read-lieux.ts).
--
-- The two triggers below keep that meaning true whatever code writes: before a place's data
-- changes, its records still sharing it get a copy of the old data; before a record moves to
-- another place (a merge, an undo), it gets a copy of its place's data. So no record's data is
-- ever lost or read from the wrong place.
ALTER TABLE source_records ALTER COLUMN data DROP NOT NULL;

CREATE FUNCTION lieux_keep_record_data() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE source_records SET data = OLD.data WHERE lieu_id = OLD.id AND data IS NULL;
  RETURN NEW;
END $$;

CREATE TRIGGER lieux_keep_record_data BEFORE UPDATE OF data ON lieux
  FOR EACH ROW WHEN (OLD.data IS DISTINCT FROM NEW.data) EXECUTE FUNCTION lieux_keep_record_data();

CREATE FUNCTION source_records_keep_data() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.data := (SELECT data FROM lieux WHERE id = OLD.lieu_id);
  RETURN NEW;
END $$;

CREATE TRIGGER source_records_keep_data BEFORE UPDATE OF lieu_id ON source_records
  FOR EACH ROW WHEN (NEW.data IS NULL AND NEW.lieu_id IS DISTINCT FROM OLD.lieu_id) EXECUTE FUNCTION source_records_keep_data();
