-- A reference point for each commune (a point inside it), used by orientation to measure
-- distances from "the commune where the person lives". Filled from a commune centroids file
-- (territoires/commune-positions.ts); empty until such a file is loaded.
ALTER TABLE communes ADD COLUMN latitude double precision;
ALTER TABLE communes ADD COLUMN longitude double precision;
