// Owns turning stored places into what the API shows: the standard's fields, our extensions,
// and the territories the place belongs to. The source's own id stays in `sources`.
import type { StoredLieu, LieuDetail } from '../lieux/store/read-lieux.ts';

export function presentLieu(lieu: StoredLieu) {
  const { id: _sourceId, status, ...data } = lieu.data;
  return {
    id: lieu.id,
    kind: lieu.kind,
    status: lieu.status,
    ...(status && (status.from || status.until) && { status_period: { from: status.from, until: status.until } }),
    ...data,
    territoire: {
      commune_code: lieu.commune_code,
      commune_nom: lieu.commune_nom,
      departement_code: lieu.departement_code,
      epci_code: lieu.epci_code,
      region_code: lieu.region_code,
    },
  };
}

// Catalog entries are immutable (a changed place is a new entry): their JSON is computed once.
const listJson = new WeakMap<StoredLieu, string>();
export function presentLieuJson(lieu: StoredLieu): string {
  let json = listJson.get(lieu);
  if (json === undefined) listJson.set(lieu, (json = JSON.stringify(presentLieu(lieu))));
  return json;
}

export function presentLieuDetail(lieu: LieuDetail) {
  return { ...presentLieu(lieu), merged_into: lieu.merged_into, sources: lieu.sources, provenance: lieu.provenance };
}
