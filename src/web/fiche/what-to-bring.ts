// Owns "what to bring" on the orientation slip: for each service of the national standard, the
// few things a person should take to the place, in plain words. Pure table, no I/O.
import { Service } from '@gouvfr-anct/lieux-de-mediation-numerique';

// Keys are the standard's values: TypeScript refuses a missing or unknown service.
export const WHAT_TO_BRING: Readonly<Record<Service, readonly string[]>> = {
  [Service.AideAuxDemarchesAdministratives]: [
    'une pièce d’identité',
    'vos identifiants (numéro fiscal, numéro CAF, FranceConnect…)',
    'les courriers reçus',
    'votre téléphone portable',
  ],
  [Service.AccesInternetEtMaterielInformatique]: [
    'une clé USB ou vos documents à imprimer',
    'vos identifiants et mots de passe',
  ],
  [Service.MaitriseDesOutilsNumeriquesDuQuotidien]: [
    'votre téléphone, tablette ou ordinateur, chargé',
    'vos mots de passe, si vous les avez',
  ],
  [Service.InsertionProfessionnelleViaLeNumerique]: [
    'votre CV, si vous en avez un',
    'votre identifiant France Travail',
    'une clé USB',
  ],
  [Service.UtilisationSecuriseeDuNumerique]: [
    'votre téléphone ou votre ordinateur',
    'les messages ou courriers qui vous inquiètent',
  ],
  [Service.ParentaliteEtEducationAvecLeNumerique]: [
    'votre téléphone',
    'les identifiants du site de l’école',
  ],
  [Service.MaterielInformatiqueAPrixSolidaire]: [
    'une pièce d’identité',
    'un papier sur vos revenus (avis d’impôt ou attestation CAF)',
  ],
  [Service.LoisirsEtCreationsNumeriques]: [
    'votre téléphone ou votre appareil photo',
    'une clé USB',
  ],
  [Service.ComprehensionDuMondeNumerique]: [
    'votre téléphone',
  ],
};

/** When no service is known: what helps in any place. */
export const DEFAULT_TO_BRING: readonly string[] = [
  'une pièce d’identité',
  'votre téléphone portable',
  'vos lunettes, si vous en portez',
];

/** More would not fit on a printed slip with three places, nor be read. */
export const MAX_ITEMS = 5;

/**
 * What to bring for these services (the person's need, or the place's services): the items of
 * each known service in order, each once, at most MAX_ITEMS; the default list when none is known.
 */
export function whatToBring(services: readonly string[]): string[] {
  const items: string[] = [];
  for (const service of services) {
    for (const item of (WHAT_TO_BRING as Record<string, readonly string[] | undefined>)[service] ?? []) {
      if (!items.includes(item)) items.push(item);
    }
  }
  return items.length > 0 ? items.slice(0, MAX_ITEMS) : [...DEFAULT_TO_BRING];
}
