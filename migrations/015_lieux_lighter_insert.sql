-- A first import writes each new place in one statement (lieux/store/write-records.ts). Measured on
-- 30,000 places into PGlite, back to back, this migration takes the insert statements from
-- 3.1-3.4 s to 2.7-2.8 s (an experiment on prepared batches; docs/benchmarks.md, "Where the time goes"):
--
-- 1. The seven array columns copied from `data` (services, publics…, communes_desservies) go.
--    Since the catalog (decision 008) no query filters on them through an index (014 dropped
--    their GIN indexes): the catalog reads them from `data`, and the SQL filters, which only the
--    tests comparing them with the catalog use, read `data` too. Sending, parsing and writing
--    them again cost ~0.5 s per 30,000 places.
-- 2. A new row takes its revision from a column default instead of a row trigger (one PL/pgSQL
--    call per row, ~0.2 s per 30,000). The statement trigger lieux_bump_version sets
--    passerelle.lieux_revision before the first row is built, as it did for the row trigger.
--    Updates keep the row trigger: an UPDATE does not apply defaults.
ALTER TABLE lieux
  DROP COLUMN services,
  DROP COLUMN publics_specifiquement_adresses,
  DROP COLUMN prise_en_charge_specifique,
  DROP COLUMN frais_a_charge,
  DROP COLUMN modalites_acces,
  DROP COLUMN modalites_accompagnement,
  DROP COLUMN communes_desservies;

ALTER TABLE lieux ALTER COLUMN revision SET DEFAULT current_setting('passerelle.lieux_revision')::bigint;
DROP TRIGGER lieux_stamp_revision ON lieux;
CREATE TRIGGER lieux_stamp_revision BEFORE UPDATE ON lieux
  FOR EACH ROW EXECUTE FUNCTION lieux_stamp_revision();
