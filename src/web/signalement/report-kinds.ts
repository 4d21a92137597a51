// Owns the kinds of error a visitor can report on a place, with the words shown in the form.
export const REPORT_KINDS = {
  ferme: 'Le lieu est fermé',
  horaires: 'Les horaires sont faux',
  adresse: 'L’adresse est fausse',
  contact: 'Le téléphone ou le site est faux',
  autre: 'Autre',
} as const;
export type ReportKind = keyof typeof REPORT_KINDS;

export const isReportKind = (value: unknown): value is ReportKind => typeof value === 'string' && Object.hasOwn(REPORT_KINDS, value);

export const MESSAGE_MAX_LENGTH = 2000;
