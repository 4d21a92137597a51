-- Every write to lieux gets a revision number, so a process can keep a read model of the
-- visible places (lieux/catalog) and reload only what changed since it last looked.
-- The statement trigger bumps the one row of lieux_version, which holds that row's lock until
-- the transaction ends: writers to lieux commit in revision order, so once a reader sees
-- version V committed, every row with revision <= V is committed too and none will appear later.
-- The notification (one per transaction: identical ones are folded) lets the embedded database,
-- whose writers all live in the reading process, skip the version query while nothing changed.
CREATE TABLE lieux_version (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  n bigint NOT NULL
);
INSERT INTO lieux_version (n) VALUES (0);

ALTER TABLE lieux ADD COLUMN revision bigint NOT NULL DEFAULT 0;
CREATE INDEX lieux_revision ON lieux (revision);

CREATE FUNCTION lieux_bump_version() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE v bigint;
BEGIN
  UPDATE lieux_version SET n = n + 1 RETURNING n INTO v;
  PERFORM set_config('passerelle.lieux_revision', v::text, true);
  PERFORM pg_notify('lieux_changed', '');
  RETURN NULL;
END $$;

CREATE FUNCTION lieux_stamp_revision() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.revision := current_setting('passerelle.lieux_revision')::bigint;
  RETURN NEW;
END $$;

CREATE TRIGGER lieux_bump_version BEFORE INSERT OR UPDATE OR DELETE ON lieux
  FOR EACH STATEMENT EXECUTE FUNCTION lieux_bump_version();
CREATE TRIGGER lieux_stamp_revision BEFORE INSERT OR UPDATE ON lieux
  FOR EACH ROW EXECUTE FUNCTION lieux_stamp_revision();
