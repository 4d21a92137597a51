-- Lists of places are ordered by name then id and paged by keyset on (nom, id): this index gives
-- the first page, and any later page, without sorting every matching place.
CREATE INDEX lieux_nom_id ON lieux (nom, id) WHERE merged_into IS NULL;
