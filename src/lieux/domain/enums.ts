// Every enumeration of the référentiel, declared once with its French labels. Values of the
// national standard come from @gouvfr-anct/lieux-de-mediation-numerique; ours are declared here.
import {
  Service, PublicSpecifiquementAdresse, PriseEnChargeSpecifique, Frais, ModaliteAcces,
  ModaliteAccompagnement, Itinerance, DispositifProgrammeNational, FormationLabel, Typologie,
} from '@gouvfr-anct/lieux-de-mediation-numerique';

export type Enumeration<V extends string = string> = {
  /** the field name in the standard / API */
  field: string;
  values: readonly V[];
  labels: Readonly<Record<V, string>>;
};

function enumeration<V extends string>(field: string, labels: Record<V, string>): Enumeration<V> {
  return { field, values: Object.keys(labels) as V[], labels };
}

function fromStandard<V extends string>(field: string, standardEnum: Record<string, V>): Enumeration<V> {
  const labels = Object.fromEntries(Object.values(standardEnum).map((v) => [v, v])) as unknown as Record<V, string>;
  return enumeration(field, labels);
}

export const KINDS = enumeration('kind', {
  mediation: 'Lieu de médiation numérique',
  public_wifi: 'Point wifi public',
  charging_point: 'Point de recharge (téléphone, ordinateur)',
  solidarity_equipment: 'Vente de matériel à prix solidaire',
  repair: 'Réparation de matériel',
});
export type Kind = (typeof KINDS.values)[number];

export const STATUSES = enumeration('status', {
  open: 'Ouvert',
  temporarily_closed: 'Fermé temporairement',
  closed: 'Fermé définitivement',
});
export type Status = (typeof STATUSES.values)[number];

export const SERVICES = fromStandard('services', Service);
export const PUBLICS = fromStandard('publics_specifiquement_adresses', PublicSpecifiquementAdresse);
export const PRISES_EN_CHARGE = fromStandard('prise_en_charge_specifique', PriseEnChargeSpecifique);
export const FRAIS = fromStandard('frais_a_charge', Frais);
export const MODALITES_ACCES = fromStandard('modalites_acces', ModaliteAcces);
export const MODALITES_ACCOMPAGNEMENT = fromStandard('modalites_accompagnement', ModaliteAccompagnement);
export const ITINERANCE = fromStandard('itinerance', Itinerance);
export const DISPOSITIFS = fromStandard('dispositif_programmes_nationaux', DispositifProgrammeNational);
export const FORMATIONS_LABELS = fromStandard('formations_labels', FormationLabel);
export const TYPOLOGIES = fromStandard('typologie', Typologie);

/** The list filters of the API, by their query parameter name. */
export const FILTERABLE = {
  services: SERVICES,
  publics: PUBLICS,
  prise_en_charge: PRISES_EN_CHARGE,
  frais: FRAIS,
  modalites_acces: MODALITES_ACCES,
  modalites_accompagnement: MODALITES_ACCOMPAGNEMENT,
  kind: KINDS,
  status: STATUSES,
} as const;
