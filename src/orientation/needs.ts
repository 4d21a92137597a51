// Owns the plain-language words of orientation: for each value of the standard's filter
// enumerations, a label a person with low literacy understands; for services and kinds of
// places, also a one-sentence explanation and a pictogram. Declared once per enumeration.
import {
  Service, PublicSpecifiquementAdresse as Public, PriseEnChargeSpecifique as PriseEnCharge, Frais, ModaliteAcces,
  ModaliteAccompagnement,
} from '@gouvfr-anct/lieux-de-mediation-numerique';
import type { Kind } from '../lieux/domain/enums.ts';
import { pictogramSvg, type PictogramName } from './pictograms.ts';

/** What a person sees for one need: a short label, one sentence, a pictogram. */
export type NeedWords = { label: string; explanation: string; pictogram: PictogramName };

// Keys are the standard's values: TypeScript refuses a missing or unknown value.
export const SERVICE_NEEDS: Readonly<Record<Service, NeedWords>> = {
  [Service.AideAuxDemarchesAdministratives]: {
    label: 'Faire une démarche en ligne (impôts, CAF, retraite…)',
    explanation: "Quelqu'un vous aide à faire vos papiers sur internet : impôts, allocations, santé, retraite, emploi.",
    pictogram: 'form',
  },
  [Service.MaitriseDesOutilsNumeriquesDuQuotidien]: {
    label: 'Apprendre à utiliser un téléphone, un ordinateur, internet',
    explanation: 'Apprendre les gestes de base : envoyer un mail, une photo, un document, chercher sur internet.',
    pictogram: 'smartphone',
  },
  [Service.AccesInternetEtMaterielInformatique]: {
    label: 'Utiliser un ordinateur, internet ou une imprimante',
    explanation: 'Un ordinateur, une connexion internet ou une imprimante sont à votre disposition sur place.',
    pictogram: 'computer',
  },
  [Service.InsertionProfessionnelleViaLeNumerique]: {
    label: 'Chercher un emploi ou une formation',
    explanation: "Faire un CV, répondre à une offre d'emploi, utiliser le site de France Travail.",
    pictogram: 'briefcase',
  },
  [Service.UtilisationSecuriseeDuNumerique]: {
    label: 'Se protéger sur internet (arnaques, mots de passe)',
    explanation: 'Reconnaître une arnaque, choisir un bon mot de passe, protéger ses informations.',
    pictogram: 'shield',
  },
  [Service.ParentaliteEtEducationAvecLeNumerique]: {
    label: "Aider mon enfant avec les écrans et l'école",
    explanation: "Comprendre ce que font les enfants sur les écrans et suivre l'école sur internet.",
    pictogram: 'parent',
  },
  [Service.MaterielInformatiqueAPrixSolidaire]: {
    label: 'Acheter un ordinateur ou un téléphone pas cher',
    explanation: 'Des ordinateurs, tablettes ou téléphones vendus à petit prix, souvent remis à neuf.',
    pictogram: 'shoppingBag',
  },
  [Service.LoisirsEtCreationsNumeriques]: {
    label: 'Loisirs : photo, vidéo, jeux, création',
    explanation: 'Faire des photos, des vidéos, de la musique ou des jeux, seul ou en groupe.',
    pictogram: 'gamepad',
  },
  [Service.ComprehensionDuMondeNumerique]: {
    label: 'Comprendre le numérique (réseaux sociaux, intelligence artificielle)',
    explanation: 'Comprendre comment marchent internet et les réseaux sociaux, repérer les fausses informations.',
    pictogram: 'lightbulb',
  },
};

export const KIND_NEEDS: Readonly<Record<Kind, NeedWords>> = {
  mediation: {
    label: "Lieu d'aide au numérique",
    explanation: 'Des personnes vous aident à utiliser le numérique.',
    pictogram: 'userVoice',
  },
  public_wifi: {
    label: 'Wifi gratuit',
    explanation: 'Un accès gratuit à internet avec votre téléphone ou votre ordinateur.',
    pictogram: 'wifi',
  },
  charging_point: {
    label: 'Recharger son téléphone',
    explanation: 'Une prise pour recharger votre téléphone ou votre ordinateur.',
    pictogram: 'batteryCharge',
  },
  solidarity_equipment: {
    label: 'Acheter du matériel pas cher',
    explanation: 'Des ordinateurs, tablettes ou téléphones vendus à petit prix.',
    pictogram: 'shoppingBag',
  },
  repair: {
    label: 'Faire réparer un appareil',
    explanation: 'Faire réparer un ordinateur, une tablette ou un téléphone, ou apprendre à le faire.',
    pictogram: 'hammer',
  },
};

const PUBLIC_LABELS: Readonly<Record<Public, string>> = {
  [Public.Jeunes]: 'Jeunes',
  [Public.Etudiants]: 'Étudiants',
  [Public.FamillesEnfants]: 'Familles et enfants',
  [Public.Seniors]: 'Personnes âgées',
  [Public.Femmes]: 'Femmes',
};

const PRISE_EN_CHARGE_LABELS: Readonly<Record<PriseEnCharge, string>> = {
  [PriseEnCharge.Surdite]: 'Personnes sourdes ou qui entendent mal',
  [PriseEnCharge.DeficienceVisuelle]: 'Personnes aveugles ou qui voient mal',
  [PriseEnCharge.HandicapsMoteurs]: 'Personnes en fauteuil ou qui se déplacent mal',
  [PriseEnCharge.HandicapsMentaux]: 'Personnes avec un handicap mental',
  [PriseEnCharge.Illettrisme]: 'Personnes qui ont du mal à lire ou à écrire',
  [PriseEnCharge.LanguesEtrangeresAnglais]: 'On peut vous parler en anglais',
  [PriseEnCharge.LanguesEtrangeresAutre]: "On peut vous parler dans d'autres langues",
};

const FRAIS_LABELS: Readonly<Record<Frais, string>> = {
  [Frais.Gratuit]: 'Gratuit',
  [Frais.GratuitSousCondition]: 'Gratuit sous conditions',
  [Frais.Payant]: 'Payant',
};

const MODALITE_ACCES_LABELS: Readonly<Record<ModaliteAcces, string>> = {
  [ModaliteAcces.SePresenter]: 'Venir sans rendez-vous',
  [ModaliteAcces.Telephoner]: 'Appeler avant de venir',
  [ModaliteAcces.ContacterParMail]: 'Écrire un mail avant de venir',
  [ModaliteAcces.PrescriptionParMail]: 'Un professionnel envoie une fiche par mail',
  [ModaliteAcces.PrendreRdvEnLigne]: 'Prendre rendez-vous sur internet',
  [ModaliteAcces.PasDePublic]: 'Ne reçoit pas de public',
};

const MODALITE_ACCOMPAGNEMENT_LABELS: Readonly<Record<ModaliteAccompagnement, string>> = {
  [ModaliteAccompagnement.EnAutonomie]: 'Seul, avec le matériel du lieu',
  [ModaliteAccompagnement.AccompagnementIndividuel]: 'Seul avec une personne qui vous aide',
  [ModaliteAccompagnement.DansUnAtelier]: 'En groupe, dans un atelier',
  [ModaliteAccompagnement.ADistance]: 'À distance, par téléphone ou en vidéo',
};

const labelsOf = (needs: Readonly<Record<string, NeedWords>>) =>
  Object.fromEntries(Object.entries(needs).map(([value, words]) => [value, words.label]));

/** Plain labels of every filter of the search, by the standard's field name (Enumeration.field). */
export const PLAIN_LABELS = {
  services: labelsOf(SERVICE_NEEDS),
  kind: labelsOf(KIND_NEEDS),
  publics_specifiquement_adresses: PUBLIC_LABELS,
  prise_en_charge_specifique: PRISE_EN_CHARGE_LABELS,
  frais_a_charge: FRAIS_LABELS,
  modalites_acces: MODALITE_ACCES_LABELS,
  modalites_accompagnement: MODALITE_ACCOMPAGNEMENT_LABELS,
} as const satisfies Record<string, Readonly<Record<string, string>>>;

export type PlainEnumeration = keyof typeof PLAIN_LABELS;

/** The plain label of a value; a value the table does not know is shown as it is. */
export function plainLabel(enumeration: PlainEnumeration, value: string): string {
  return (PLAIN_LABELS[enumeration] as Readonly<Record<string, string>>)[value] ?? value;
}

/** Values and plain labels in the order of the declaration, for the filters of a form. */
export function plainOptions(enumeration: PlainEnumeration): { value: string; label: string }[] {
  return Object.entries(PLAIN_LABELS[enumeration]).map(([value, label]) => ({ value, label }));
}

/** The words of a service or of a kind of place, or undefined for an unknown value. */
export function needWords(value: string): NeedWords | undefined {
  return (SERVICE_NEEDS as Record<string, NeedWords>)[value] ?? (KIND_NEEDS as Record<string, NeedWords>)[value];
}

/** The inline SVG pictogram of a service or kind of place (aria-hidden), or '' for an unknown value. */
export function pictogram(value: string): string {
  const words = needWords(value);
  return words ? pictogramSvg(words.pictogram) : '';
}
