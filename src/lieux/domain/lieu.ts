// The place as Passerelle keeps it: the national standard's structured model (lists as arrays,
// date_maj as an ISO date) plus the extensions the field needs. Pure types, no I/O.
import type { Kind, Status } from './enums.ts';

export type Adresse = {
  voie: string;
  code_postal: string;
  commune: string;
  code_insee?: string;
  complement_adresse?: string;
};

/** One stop of an itinerant service: where, and when in OSM opening_hours syntax ("Fr[1] 17:00-19:00"). */
export type Passage = {
  commune_code: string;
  lieu?: string;
  horaires: string;
};

export type LieuStatus = { value: Status; from?: string; until?: string };

export type LieuData = {
  id: string;
  pivot: string;
  nom: string;
  adresse: Adresse;
  localisation?: { latitude: number; longitude: number };
  typologies?: string[];
  contact?: { telephone?: string; courriels?: string[]; site_web?: string[] };
  horaires?: string;
  presentation?: { resume?: string; detail?: string };
  source?: string;
  structure_parente?: string;
  date_maj: string;
  services?: string[];
  publics_specifiquement_adresses?: string[];
  prise_en_charge_specifique?: string[];
  modalites_acces?: string[];
  frais_a_charge?: string[];
  itinerance?: string[];
  dispositif_programmes_nationaux?: string[];
  formations_labels?: string[];
  autres_formations_labels?: string[];
  modalites_accompagnement?: string[];
  fiche_acces_libre?: string;
  prise_rdv?: string;
  // Extensions of Passerelle (absent from the national standard).
  kind?: Kind;
  status?: LieuStatus;
  itinerance_passages?: Passage[];
  accepte_pass_numerique?: boolean;
  verified_at?: string;
};

/** The fields a place is composed of, in the order they are shown and exported. */
export const LIEU_FIELDS = [
  'pivot', 'nom', 'adresse', 'localisation', 'typologies', 'contact', 'horaires', 'presentation', 'source',
  'structure_parente', 'date_maj', 'services', 'publics_specifiquement_adresses', 'prise_en_charge_specifique',
  'modalites_acces', 'frais_a_charge', 'itinerance', 'dispositif_programmes_nationaux', 'formations_labels',
  'autres_formations_labels', 'modalites_accompagnement', 'fiche_acces_libre', 'prise_rdv', 'kind', 'status',
  'itinerance_passages', 'accepte_pass_numerique', 'verified_at',
] as const satisfies readonly (keyof LieuData)[];

/** A problem found in one row of an imported file, in words a data manager understands. */
export type RowIssue = {
  line: number;
  column: string;
  value: string;
  reason: string;
  severity: 'error' | 'warning';
};
