// Owns the validation of one row in the flat form of the national standard ("Schéma des lieux
// de médiation numérique": one column per field, lists joined with '|') into a LieuData.
// Each field is checked on its own with the ANCT library's value constructors, so a row gets
// every problem at once, each with its column, value and the library's French message.
import {
  Adresse, Contact, Courriel, Id, Localisation, Nom, Pivot, Url,
  ModelError,
} from '@gouvfr-anct/lieux-de-mediation-numerique';
import {
  DISPOSITIFS, FORMATIONS_LABELS, FRAIS, ITINERANCE, KINDS, MODALITES_ACCES, MODALITES_ACCOMPAGNEMENT,
  PRISES_EN_CHARGE, PUBLICS, SERVICES, STATUSES, TYPOLOGIES, type Enumeration, type Kind, type Status,
} from '../domain/enums.ts';
import type { LieuData, Passage, RowIssue } from '../domain/lieu.ts';
import { normalizeText } from '../../platform/text.ts';
import { normalizeOpeningHours } from './opening-hours.ts';
import { isInFrance } from './coordinates.ts';

export type FlatRow = Record<string, unknown>;
export type RowResult = { data?: LieuData; issues: RowIssue[] };

/** Columns of the standard, in the order of the official schema. */
export const STANDARD_COLUMNS = [
  'id', 'pivot', 'nom', 'adresse', 'complement_adresse', 'commune', 'code_postal', 'code_insee', 'latitude',
  'longitude', 'typologie', 'telephone', 'courriels', 'site_web', 'horaires', 'presentation_resume',
  'presentation_detail', 'source', 'structure_parente', 'date_maj', 'services', 'publics_specifiquement_adresses',
  'prise_en_charge_specifique', 'frais_a_charge', 'itinerance', 'modalites_acces', 'modalites_accompagnement',
  'fiche_acces_libre', 'prise_rdv', 'dispositif_programmes_nationaux', 'formations_labels', 'autres_formations_labels',
] as const;

export const REQUIRED_COLUMNS = ['id', 'pivot', 'nom', 'adresse', 'commune', 'code_postal', 'date_maj'] as const;

/** Columns of Passerelle's extensions, read when present. */
export const EXTENSION_COLUMNS = ['kind', 'status', 'status_from', 'status_until', 'itinerance_passages', 'verified_at', 'accepte_pass_numerique'] as const;

export function text(row: FlatRow, column: string): string | undefined {
  const value = row[column];
  if (value === undefined || value === null) return undefined;
  const s = String(value).trim();
  return s === '' ? undefined : s;
}

export function listOf(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const items = value.split('|').map((s) => s.trim()).filter((s) => s !== '');
  return items.length > 0 ? [...new Set(items)] : undefined;
}

/** Validates one flat row; `line` is the row's line number in the file, for the report. */
export function validateStandardRow(row: FlatRow, line: number): RowResult {
  const issues: RowIssue[] = [];
  const problem = (column: string, value: unknown, reason: string, severity: RowIssue['severity'] = 'error') =>
    issues.push({ line, column, value: value === undefined ? '' : String(value), reason, severity });

  // Runs a constructor of the ANCT library; its error becomes a report line.
  const check = <T>(column: string, value: unknown, build: () => T, severity: RowIssue['severity'] = 'error'): T | undefined => {
    try {
      return build();
    } catch (error) {
      problem(column, value, error instanceof ModelError || error instanceof Error ? error.message : String(error), severity);
      return undefined;
    }
  };

  for (const column of REQUIRED_COLUMNS) {
    if (text(row, column) === undefined) problem(column, '', `Le champ obligatoire « ${column} » est vide.`);
  }

  const id = text(row, 'id');
  const nom = text(row, 'nom');
  const pivotText = text(row, 'pivot');
  const pivot = pivotText?.replace(/\s/g, '');
  if (id !== undefined) check('id', id, () => Id(id));
  if (nom !== undefined) check('nom', nom, () => Nom(nom));
  if (pivot !== undefined) {
    try {
      Pivot(pivot);
    } catch {
      problem('pivot', pivotText, `Le pivot « ${pivotText} » n'est pas valide : indiquez le numéro SIRET de la structure (14 chiffres, par exemple 13002526500013) ou, pour une association, son numéro RNA (W suivi de 9 caractères).`);
    }
  }

  const adresse = readAdresse(row, problem);
  const localisation = readLocalisation(row, problem);
  const date_maj = readDate(row, 'date_maj', problem);

  const data: LieuData = {
    id: id ?? '',
    pivot: pivot ?? '',
    nom: nom ?? '',
    adresse: adresse ?? { voie: '', code_postal: '', commune: '' },
    date_maj: date_maj ?? '',
  };
  if (localisation) data.localisation = localisation;

  const typologies = readEnumList(row, 'typologie', TYPOLOGIES, problem);
  if (typologies) data.typologies = typologies;
  const contact = readContact(row, check);
  if (contact) data.contact = contact;

  const horaires = text(row, 'horaires');
  if (horaires !== undefined) {
    const normalized = check('horaires', horaires, () => normalizeOpeningHours(horaires), 'warning');
    if (normalized !== undefined) data.horaires = normalized;
  }
  const resume = text(row, 'presentation_resume');
  const detail = text(row, 'presentation_detail');
  if (resume !== undefined || detail !== undefined) {
    data.presentation = { ...(resume !== undefined && { resume }), ...(detail !== undefined && { detail }) };
  }
  const source = text(row, 'source');
  if (source !== undefined) data.source = source;
  const structureParente = text(row, 'structure_parente');
  if (structureParente !== undefined) data.structure_parente = structureParente;

  const lists = [
    ['services', SERVICES], ['publics_specifiquement_adresses', PUBLICS], ['prise_en_charge_specifique', PRISES_EN_CHARGE],
    ['modalites_acces', MODALITES_ACCES], ['frais_a_charge', FRAIS], ['itinerance', ITINERANCE],
    ['dispositif_programmes_nationaux', DISPOSITIFS], ['formations_labels', FORMATIONS_LABELS],
    ['modalites_accompagnement', MODALITES_ACCOMPAGNEMENT],
  ] as const;
  for (const [column, enumeration] of lists) {
    const values = readEnumList(row, column, enumeration, problem);
    if (values) data[column] = values;
  }
  const autres = listOf(text(row, 'autres_formations_labels'));
  if (autres) data.autres_formations_labels = autres;

  for (const column of ['fiche_acces_libre', 'prise_rdv'] as const) {
    const url = text(row, column);
    if (url !== undefined) {
      const valid = check(column, url, () => Url(url), 'warning');
      if (valid !== undefined) data[column] = valid;
    }
  }

  readExtensions(row, data, problem);
  const hasError = issues.some((i) => i.severity === 'error');
  return hasError ? { issues } : { data, issues };
}

type Problem = (column: string, value: unknown, reason: string, severity?: RowIssue['severity']) => void;

function readAdresse(row: FlatRow, problem: Problem): LieuData['adresse'] | undefined {
  const voie = text(row, 'adresse');
  const code_postal = text(row, 'code_postal');
  const commune = text(row, 'commune');
  if (voie === undefined || code_postal === undefined || commune === undefined) return undefined;
  const code_insee = text(row, 'code_insee');
  const complement_adresse = text(row, 'complement_adresse');
  const candidate = {
    voie, code_postal, commune,
    ...(code_insee !== undefined && { code_insee }),
    ...(complement_adresse !== undefined && { complement_adresse }),
  };
  // The library stops at the first bad part of the address; test each part to report them all.
  const parts: [string, string, Partial<typeof candidate>][] = [
    ['adresse', voie, {}],
    ['code_postal', code_postal, {}],
    ['commune', commune, {}],
    ...(code_insee !== undefined ? [['code_insee', code_insee, {}] as [string, string, object]] : []),
  ];
  let ok = true;
  for (const [column, value] of parts) {
    const probe = { voie: 'rue', code_postal: '75001', commune: 'Paris', [column === 'adresse' ? 'voie' : column]: value };
    try {
      Adresse(probe);
    } catch (error) {
      ok = false;
      problem(column, value, addressReason(column, value) ?? (error instanceof Error ? error.message : String(error)));
    }
  }
  return ok ? (Adresse(candidate) as LieuData['adresse']) : undefined;
}

/** What is wrong with one part of an address, in words that say how to fix it. */
function addressReason(column: string, value: string): string | undefined {
  const zeroHint = /^\d{4}$/.test(value) ? ` (un tableur a peut-être supprimé le zéro initial : 0${value} ?)` : '';
  if (column === 'code_postal') return `Le code postal « ${value} » n'est pas valide : il doit compter 5 chiffres${zeroHint || ', par exemple 38000'}.`;
  if (column === 'code_insee') return `Le code INSEE « ${value} » n'est pas valide : il doit compter 5 caractères${zeroHint || ', par exemple 38185 (2A004 en Corse)'}.`;
  // Which characters the library refuses, tried one by one.
  const field = column === 'adresse' ? 'voie' : column;
  const refused = [...new Set(value)].filter((c) => {
    try {
      Adresse({ voie: 'rue', code_postal: '75001', commune: 'Paris', [field]: c });
      return false;
    } catch {
      return true;
    }
  });
  if (refused.length === 0) return undefined;
  const chars = refused.map((c) => `« ${c} »`).join(', ');
  const these = refused.length > 1 ? `des caractères non admis : ${chars}` : `un caractère non admis : ${chars}`;
  if (column === 'adresse') return `L'adresse « ${value} » contient ${these}. Seuls les lettres, chiffres, espaces et la ponctuation courante d'une adresse sont admis.`;
  if (column === 'commune') return `Le nom de commune « ${value} » contient ${these}. Seuls les lettres, chiffres, espaces, tirets et apostrophes sont admis.`;
  return undefined;
}

function readLocalisation(row: FlatRow, problem: Problem): LieuData['localisation'] | undefined {
  const latText = text(row, 'latitude');
  const lonText = text(row, 'longitude');
  if (latText === undefined && lonText === undefined) return undefined;
  if (latText === undefined || lonText === undefined) {
    const [missing, given] = latText === undefined ? ['latitude', 'longitude'] : ['longitude', 'latitude'];
    problem(missing, '', `La ${missing} est vide alors que la ${given} est renseignée : indiquez les deux, ou aucune.`);
    return undefined;
  }
  const latitude = Number(latText.replace(',', '.'));
  const longitude = Number(lonText.replace(',', '.'));
  const notANumber = (column: string, value: string) => `La ${column} « ${value} » n'est pas un nombre : écrivez-la en degrés décimaux (par exemple 45.1885).`;
  if (!Number.isFinite(latitude)) return void problem('latitude', latText, notANumber('latitude', latText));
  if (!Number.isFinite(longitude)) return void problem('longitude', lonText, notANumber('longitude', lonText));
  if (latitude < -90 || latitude > 90) return void problem('latitude', latText, `La latitude ${latText} est impossible : elle doit être comprise entre -90 et 90 degrés.`);
  if (longitude < -180 || longitude > 180) return void problem('longitude', lonText, `La longitude ${lonText} est impossible : elle doit être comprise entre -180 et 180 degrés.`);
  if (latitude === 0 && longitude === 0) {
    return void problem('latitude', `${latText}, ${lonText}`, `Les coordonnées (${latText}, ${lonText}) sont une valeur par défaut, pas une position : laissez latitude et longitude vides si la position est inconnue.`);
  }
  try {
    Localisation({ latitude, longitude });
  } catch (error) {
    const column = error instanceof ModelError && String(error.message).includes('longitude') ? 'longitude' : 'latitude';
    return void problem(column, column === 'latitude' ? latText : lonText, (error as Error).message);
  }
  if (!isInFrance(latitude, longitude)) {
    const swapped = isInFrance(longitude, latitude) ? ` Latitude et longitude semblent inversées : (${lonText}, ${latText}) serait en France.` : '';
    return void problem('latitude', `${latText}, ${lonText}`, `Les coordonnées (${latText}, ${lonText}) sont hors de France.${swapped}`);
  }
  return { latitude, longitude };
}

function readDate(row: FlatRow, column: string, problem: Problem): string | undefined {
  const value = text(row, column);
  if (value === undefined) return undefined;
  const iso = /^(\d{4})-(\d{2})-(\d{2})/.exec(value) ?? frenchDate(value);
  if (!iso) {
    problem(column, value, `La date « ${value} » n'est pas au format AAAA-MM-JJ (par exemple 2024-03-31).`);
    return undefined;
  }
  const date = new Date(Date.UTC(Number(iso[1]), Number(iso[2]) - 1, Number(iso[3])));
  if (date.getUTCDate() !== Number(iso[3]) || date.getUTCMonth() !== Number(iso[2]) - 1) {
    problem(column, value, `La date ${value} n'existe pas : le jour ou le mois est impossible.`);
    return undefined;
  }
  return `${iso[1]}-${iso[2]}-${iso[3]}`;
}

// Spreadsheets often write dates as 31/03/2024.
function frenchDate(value: string): RegExpExecArray | undefined {
  const m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(value);
  if (!m) return undefined;
  const out = [value, m[3], m[2], m[1]] as unknown as RegExpExecArray;
  return out;
}

/** Reads a '|' list whose items must belong to an enumeration; matching ignores case and accents. */
function readEnumList(row: FlatRow, column: string, enumeration: Enumeration, problem: Problem): string[] | undefined {
  const items = listOf(text(row, column));
  if (!items) return undefined;
  const out: string[] = [];
  for (const item of items) {
    const canonical = canonicalValue(enumeration, item);
    if (canonical === undefined) {
      problem(column, item, `« ${item} » n'est pas une valeur admise pour ${column}. Valeurs admises : ${enumeration.values.join(', ')}.`);
    } else if (!out.includes(canonical)) out.push(canonical);
  }
  return out.length > 0 ? out : undefined;
}

export function canonicalValue(enumeration: Enumeration, item: string): string | undefined {
  if (enumeration.values.includes(item)) return item;
  const wanted = normalizeText(item);
  return enumeration.values.find((v) => normalizeText(v) === wanted);
}

function readContact(row: FlatRow, check: <T>(c: string, v: unknown, b: () => T, s?: RowIssue['severity']) => T | undefined): LieuData['contact'] {
  const telephone = text(row, 'telephone');
  const courriels = listOf(text(row, 'courriels')?.replaceAll(';', '|'));
  const sites = listOf(text(row, 'site_web')?.replaceAll(';', '|'));
  const contact: NonNullable<LieuData['contact']> = {};
  if (telephone !== undefined) {
    const valid = check('telephone', telephone, () => Contact({ telephone }), 'warning');
    if (valid) contact.telephone = telephone;
  }
  const validCourriels = courriels?.filter((c) => check('courriels', c, () => Courriel(c), 'warning') !== undefined);
  if (validCourriels?.length) contact.courriels = validCourriels;
  const validSites = sites?.filter((s) => check('site_web', s, () => Url(s), 'warning') !== undefined);
  if (validSites?.length) contact.site_web = validSites;
  return Object.keys(contact).length > 0 ? contact : undefined;
}

function readExtensions(row: FlatRow, data: LieuData, problem: Problem): void {
  const kind = text(row, 'kind');
  if (kind !== undefined) {
    if ((KINDS.values as readonly string[]).includes(kind)) data.kind = kind as Kind;
    else problem('kind', kind, `« ${kind} » n'est pas un type de lieu connu. Valeurs admises : ${KINDS.values.join(', ')}.`);
  }
  const status = text(row, 'status');
  if (status !== undefined) {
    if ((STATUSES.values as readonly string[]).includes(status)) {
      const from = readDate(row, 'status_from', problem);
      const until = readDate(row, 'status_until', problem);
      data.status = { value: status as Status, ...(from && { from }), ...(until && { until }) };
    } else problem('status', status, `« ${status} » n'est pas un statut connu. Valeurs admises : ${STATUSES.values.join(', ')}.`);
  }
  const passages = row.itinerance_passages;
  if (passages !== undefined && passages !== null && passages !== '') {
    const parsed = readPassages(passages, problem);
    if (parsed) data.itinerance_passages = parsed;
  }
  const verifiedAt = text(row, 'verified_at');
  if (verifiedAt !== undefined) {
    if (Number.isNaN(Date.parse(verifiedAt))) problem('verified_at', verifiedAt, `La date de vérification ${verifiedAt} n'est pas valide.`);
    else data.verified_at = new Date(verifiedAt).toISOString();
  }
  const pass = text(row, 'accepte_pass_numerique');
  if (pass !== undefined) data.accepte_pass_numerique = ['true', 'oui', '1', 'vrai'].includes(pass.toLowerCase());
}

function readPassages(value: unknown, problem: Problem): Passage[] | undefined {
  let list: unknown = value;
  if (typeof value === 'string') {
    try {
      list = JSON.parse(value);
    } catch {
      return void problem('itinerance_passages', value, 'Les passages doivent être une liste JSON : [{"commune_code": "38151", "horaires": "Fr[1] 17:00-19:00"}].');
    }
  }
  if (!Array.isArray(list)) return void problem('itinerance_passages', String(value), 'Les passages doivent être une liste.');
  const out: Passage[] = [];
  for (const p of list as Record<string, unknown>[]) {
    const commune = typeof p?.commune_code === 'string' ? p.commune_code : undefined;
    const horaires = typeof p?.horaires === 'string' ? p.horaires : undefined;
    if (!commune || !/^(\d{5}|2[AB]\d{3})$/.test(commune)) {
      problem('itinerance_passages', JSON.stringify(p), 'Chaque passage doit avoir un code commune INSEE (5 caractères).');
      continue;
    }
    if (!horaires) {
      problem('itinerance_passages', JSON.stringify(p), 'Chaque passage doit avoir des horaires (syntaxe OpenStreetMap, par exemple « Fr[1] 17:00-19:00 »).');
      continue;
    }
    try {
      out.push({ commune_code: commune, horaires: normalizeOpeningHours(horaires), ...(typeof p.lieu === 'string' && { lieu: p.lieu }) });
    } catch (error) {
      problem('itinerance_passages', horaires, (error as Error).message);
    }
  }
  return out.length > 0 ? out : undefined;
}
