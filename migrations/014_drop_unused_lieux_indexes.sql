-- Since the catalog read model (decision 008) lists and searches are served from memory; the
-- SQL filters remain only for exports, which read every visible place anyway. These three GIN
-- indexes served no query any more and cost ~25 % of the time of a first import (measured on
-- 30,000 places into PGlite: 4.06 s → 3.06 s inside the insert statement). Dedup keeps its
-- GiST and pivot indexes; the catalog keeps lieux_revision.
DROP INDEX IF EXISTS lieux_services;
DROP INDEX IF EXISTS lieux_communes_desservies;
DROP INDEX IF EXISTS lieux_search_text;
