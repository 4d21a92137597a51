// Owns the mapping between a place of the domain and its row in the `lieux` table: the
// denormalised columns are all derived from the composed data. The list fields filters read
// (services, publics…) are not columns (migration 015): lieuArrays reads them from the data.
import type { LieuData } from '../domain/lieu.ts';
import type { CommuneRef, CommuneResolver } from '../../territoires/resolver.ts';
import { normalizeText } from '../../platform/text.ts';

export type LieuRow = {
  id: string;
  kind: string;
  nom: string;
  data: LieuData;
  pivot: string;
  code_postal: string;
  commune_code: string | null;
  departement_code: string | null;
  epci_code: string | null;
  region_code: string | null;
  latitude: number | null;
  longitude: number | null;
  status: string;
  date_maj: string | null;
  verified_at: string | null;
  search_text: string;
};

/** The row of a place (recomposed ones; new places are written by prepareRow + preparedRowJson). */
export function toLieuRow(id: string, data: LieuData, communes: CommuneResolver): LieuRow {
  const commune = communes.resolve(data.adresse);
  return { id, ...dataColumns(data), ...communeColumns(commune), search_text: searchText(dataSearchText(data), commune) };
}

/** The columns that depend on the data alone. */
function dataColumns(data: LieuData) {
  return {
    kind: data.kind ?? 'mediation',
    nom: data.nom,
    data,
    pivot: data.pivot,
    code_postal: data.adresse.code_postal,
    latitude: data.localisation?.latitude ?? null,
    longitude: data.localisation?.longitude ?? null,
    status: data.status?.value ?? 'open',
    date_maj: data.date_maj || null,
    verified_at: data.verified_at ?? null,
  };
}

function communeColumns(commune: CommuneRef | undefined) {
  return {
    commune_code: commune?.code ?? null,
    departement_code: commune?.departement_code ?? null,
    epci_code: commune?.epci_code ?? null,
    region_code: commune?.region_code ?? null,
  };
}

/** The words of the data that text searches find, normalised; the commune's name is added to them. */
const dataSearchText = (data: LieuData) => normalizeText([data.nom, data.adresse.voie, data.adresse.code_postal, data.adresse.commune].join(' '));
const searchText = (ofData: string, commune: CommuneRef | undefined) => {
  const ofCommune = commune ? normalizedName(commune) : '';
  return ofData && ofCommune ? `${ofData} ${ofCommune}` : ofData || ofCommune;
};
// Thousands of places of an import share a few hundred communes: each name is normalised once.
const normalizedNames = new WeakMap<CommuneRef, string>();
function normalizedName(commune: CommuneRef): string {
  let name = normalizedNames.get(commune);
  if (name === undefined) normalizedNames.set(commune, (name = normalizeText(commune.nom)));
  return name;
}

/**
 * A new place's row as JSON, prepared in two steps so that, for an import, the costly one runs in
 * the validation worker: `prepareRow` writes the columns that depend on the data alone, then `preparedRowJson`
 * adds the place's id, source id, hash and commune on the main thread. The data's JSON (already
 * written for its hash) travels beside it, in a parameter of its own, so that the database parses
 * it once. With that data, it is the same row as toLieuRow's (tested).
 */
export type PreparedRow = { json: string; search: string };

export function prepareRow(data: LieuData): PreparedRow {
  const { data: _data, ...rest } = dataColumns(data);
  return { json: JSON.stringify(rest), search: dataSearchText(data) };
}

export function preparedRowJson(
  place: { id: string; sourceId: string; hash: string; prepared: PreparedRow },
  commune: CommuneRef | undefined,
): string {
  const head = JSON.stringify({ id: place.id, source_id: place.sourceId, hash: place.hash, ...communeColumns(commune), search_text: searchText(place.prepared.search, commune) });
  return `${head.slice(0, -1)},${place.prepared.json.slice(1)}`;
}

/** The list fields of a place that filters read; communes_desservies: the communes its itinerant stops visit. */
export type LieuArrays = {
  services: string[];
  publics_specifiquement_adresses: string[];
  prise_en_charge_specifique: string[];
  frais_a_charge: string[];
  modalites_acces: string[];
  modalites_accompagnement: string[];
  communes_desservies: string[];
};

export function lieuArrays(data: LieuData): LieuArrays {
  return {
    services: data.services ?? [],
    publics_specifiquement_adresses: data.publics_specifiquement_adresses ?? [],
    prise_en_charge_specifique: data.prise_en_charge_specifique ?? [],
    frais_a_charge: data.frais_a_charge ?? [],
    modalites_acces: data.modalites_acces ?? [],
    modalites_accompagnement: data.modalites_accompagnement ?? [],
    communes_desservies: [...new Set((data.itinerance_passages ?? []).map((p) => p.commune_code))],
  };
}

/** Column list and jsonb_to_recordset types, shared by inserts and updates. */
export const LIEU_COLUMNS = `id uuid, kind text, nom text, data jsonb, pivot text, code_postal text, commune_code text,
  departement_code text, epci_code text, region_code text, latitude double precision, longitude double precision,
  status text, date_maj date, verified_at timestamptz, search_text text`;

const COLUMNS = LIEU_COLUMNS.split(',').map((c) => ({ definition: c.trim(), name: c.trim().split(/\s+/)[0]! }));
export const LIEU_COLUMN_NAMES = COLUMNS.map((c) => c.name);

/** The columns of preparedRowJson: all but data. */
const PREPARED = COLUMNS.filter((c) => c.name !== 'data');
export const PREPARED_COLUMNS = PREPARED.map((c) => c.definition).join(', ');
export const PREPARED_COLUMN_NAMES = PREPARED.map((c) => c.name);
