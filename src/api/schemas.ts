// Owns the JSON schemas of the API (TypeBox = JSON Schema). The same objects validate requests in
// Fastify and are written into the OpenAPI document, so the two cannot drift apart.
import { Type, type TSchema } from '@sinclair/typebox';
import { FILTERABLE } from '../lieux/domain/enums.ts';
import { IMPORT_FORMATS } from '../lieux/formats/registry.ts';
import { REQUIRED_COLUMNS, STANDARD_COLUMNS } from '../lieux/formats/standard-row.ts';
import { EXPORT_FORMATS } from '../lieux/export/index.ts';

export const enumOf = (values: readonly string[], description: string) => Type.Union(values.map((v) => Type.Literal(v)), { description });
export const listOf = (values: readonly string[], description: string) =>
  Type.Array(enumOf(values, description), { description: `${description} Répéter le paramètre pour plusieurs valeurs (l'une ou l'autre).` });

export const LieuxQuery = Type.Object({
  commune: Type.Optional(Type.String({ pattern: '^(\\d{5}|2[AB]\\d{3})$', description: 'Code INSEE de la commune (lieux situés dans la commune ou qui y passent).' })),
  departement: Type.Optional(Type.String({ pattern: '^(\\d{2,3}|2[AB])$', description: 'Code du département.' })),
  epci: Type.Optional(Type.String({ pattern: '^\\d{9}$', description: "Code SIREN de l'EPCI." })),
  region: Type.Optional(Type.String({ pattern: '^\\d{2}$', description: 'Code de la région.' })),
  services: Type.Optional(listOf(FILTERABLE.services.values, 'Service proposé.')),
  publics: Type.Optional(listOf(FILTERABLE.publics.values, 'Public spécifiquement adressé.')),
  prise_en_charge: Type.Optional(listOf(FILTERABLE.prise_en_charge.values, 'Prise en charge spécifique.')),
  frais: Type.Optional(listOf(FILTERABLE.frais.values, 'Frais à charge.')),
  modalites_acces: Type.Optional(listOf(FILTERABLE.modalites_acces.values, "Modalité d'accès.")),
  modalites_accompagnement: Type.Optional(listOf(FILTERABLE.modalites_accompagnement.values, "Modalité d'accompagnement.")),
  kind: Type.Optional(listOf(FILTERABLE.kind.values, 'Type de lieu.')),
  status: Type.Optional(listOf(FILTERABLE.status.values, 'Statut du lieu.')),
  bbox: Type.Optional(Type.String({ pattern: '^-?\\d+(\\.\\d+)?(,-?\\d+(\\.\\d+)?){3}$', description: 'Rectangle ouest,sud,est,nord en degrés WGS84.' })),
  q: Type.Optional(Type.String({ maxLength: 200, description: 'Texte cherché dans le nom, l’adresse et la commune (sans accents ni majuscules).' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50, description: 'Nombre de lieux par page.' })),
  cursor: Type.Optional(Type.String({ maxLength: 500, description: 'Curseur de la page suivante (links.next).' })),
});

const Adresse = Type.Object({
  voie: Type.String(), code_postal: Type.String(), commune: Type.String(),
  code_insee: Type.Optional(Type.String()), complement_adresse: Type.Optional(Type.String()),
});

const Territoire = Type.Object({
  commune_code: Type.Union([Type.String(), Type.Null()]),
  commune_nom: Type.Union([Type.String(), Type.Null()]),
  departement_code: Type.Union([Type.String(), Type.Null()]),
  epci_code: Type.Union([Type.String(), Type.Null()]),
  region_code: Type.Union([Type.String(), Type.Null()]),
});

const strings = Type.Optional(Type.Array(Type.String()));
export const Lieu = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    kind: Type.String(),
    status: Type.String(),
    nom: Type.String(),
    pivot: Type.String(),
    adresse: Adresse,
    localisation: Type.Optional(Type.Object({ latitude: Type.Number(), longitude: Type.Number() })),
    territoire: Territoire,
    services: strings,
    publics_specifiquement_adresses: strings,
    prise_en_charge_specifique: strings,
    frais_a_charge: strings,
    modalites_acces: strings,
    modalites_accompagnement: strings,
    horaires: Type.Optional(Type.String({ description: 'Horaires au format OpenStreetMap opening_hours.' })),
    date_maj: Type.String({ format: 'date' }),
    verified_at: Type.Optional(Type.String({ format: 'date-time' })),
  },
  { additionalProperties: true, description: 'Lieu au format du schéma national (modèle structuré) et extensions Passerelle.' },
);

export const LieuxPage = Type.Object({
  data: Type.Array(Lieu),
  meta: Type.Object({
    total: Type.Integer({ description: 'Nombre de lieux trouvés, compté jusqu’à 1 000.' }),
    total_exact: Type.Boolean({ description: 'Toujours vrai : total compte tous les lieux trouvés (champ gardé pour les clients existants).' }),
  }),
  links: Type.Object({ next: Type.Optional(Type.String()) }),
});

export const LieuDetail = Type.Intersect([
  Lieu,
  Type.Object({
    sources: Type.Array(Type.Object({ source: Type.String(), source_id: Type.String(), format: Type.String(), date_maj: Type.String(), updated_at: Type.String() })),
    provenance: Type.Record(Type.String(), Type.Object({ source: Type.String(), source_id: Type.String() })),
  }),
]);

export const IdParams = Type.Object({ id: Type.String({ description: 'Identifiant du lieu (UUID).' }) });

export const ExportQuery = Type.Object({
  format: enumOf(EXPORT_FORMATS, "Format d'export : lieux-csv et lieux-json (schéma national des lieux de médiation numérique), geojson, data-inclusion (structures)."),
});

/** One place in the flat form of the national standard (lists joined with '|'). */
const LieuStandard = Type.Object(
  Object.fromEntries(STANDARD_COLUMNS.map((c) => {
    const schema = c === 'latitude' || c === 'longitude' ? Type.Number() : Type.String();
    return [c, (REQUIRED_COLUMNS as readonly string[]).includes(c) ? schema : Type.Optional(schema)];
  })),
  { description: 'Lieu à plat du schéma national des lieux de médiation numérique.' },
);

export const ExportCsv = Type.String({ description: 'CSV du schéma national : colonnes dans l’ordre du schéma, séparateur « , », UTF-8, listes séparées par « | ».' });
export const ExportLieuxJson = Type.Array(LieuStandard, { description: 'Lieux à plat du schéma national (format lieux-json).' });
export const ExportGeoJson = Type.Object({
  type: Type.Literal('FeatureCollection'),
  features: Type.Array(Type.Object({
    type: Type.Literal('Feature'),
    geometry: Type.Union([Type.Object({ type: Type.Literal('Point'), coordinates: Type.Array(Type.Number(), { minItems: 2, maxItems: 2, description: '[longitude, latitude]' }) }), Type.Null()]),
    properties: Type.Object({ passerelle_id: Type.String({ format: 'uuid' }), kind: Type.String(), status: Type.String() }, { additionalProperties: true, description: 'Champs à plat du schéma national (sans latitude ni longitude, données par la géométrie), identifiant, type et statut Passerelle.' }),
  })),
}, { description: 'Un point par lieu ; un lieu sans coordonnées a une géométrie nulle.' });
export const ExportDataInclusion = Type.Array(
  Type.Object({
    id: Type.String(), nom: Type.String(), siret: Type.Optional(Type.String()), rna: Type.Optional(Type.String()),
    commune: Type.String(), code_postal: Type.String(), adresse: Type.String(), date_maj: Type.String({ format: 'date-time' }),
    thematiques: Type.Array(Type.String()),
  }, { additionalProperties: true }),
  { description: 'Structures au schéma data·inclusion (format data-inclusion).' },
);

export const Commune = Type.Object({
  code: Type.String(), nom: Type.String(), departement_code: Type.String(), region_code: Type.String(),
  epci_code: Type.Union([Type.String(), Type.Null()]), codes_postaux: Type.Array(Type.String()), population: Type.Union([Type.Integer(), Type.Null()]),
});

export const CommunesQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 100, description: 'Début ou partie du nom (sans accents), ou code postal.' })),
  departement: Type.Optional(Type.String({ pattern: '^(\\d{2,3}|2[AB])$' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
});

export const Territoires = Type.Object({
  regions: Type.Array(Type.Object({ code: Type.String(), nom: Type.String() })),
  departements: Type.Array(Type.Object({ code: Type.String(), nom: Type.String(), region_code: Type.String() })),
  epci: Type.Array(Type.Object({ code: Type.String(), nom: Type.String(), type: Type.String() })),
});

export const ProblemSchema = Type.Object({
  type: Type.String(), title: Type.String(), status: Type.Integer(), detail: Type.Optional(Type.String()),
  errors: Type.Optional(Type.Array(Type.Object({ parameter: Type.String(), reason: Type.String() }))),
});

export const importFormats = IMPORT_FORMATS;
export type Schema = TSchema;

// Merges of places found to be duplicates across sources (read-only: decisions are taken on the
// command line until accounts and roles exist).
const MERGE_STATUSES = ['applied', 'confirmed', 'undone'] as const;

export const FusionsQuery = Type.Object({
  status: Type.Optional(enumOf(MERGE_STATUSES, 'Statut de la fusion : applied (appliquée, à vérifier), confirmed (confirmée par un opérateur), undone (annulée).')),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50, description: 'Nombre de fusions par page.' })),
  cursor: Type.Optional(Type.String({ pattern: '^\\d{1,18}$', description: 'Curseur de la page suivante (links.next).' })),
});

const lieuRef = (description: string) => Type.Object({ id: Type.String({ format: 'uuid' }), nom: Type.String() }, { description });

export const Fusion = Type.Object({
  id: Type.Integer({ description: 'Numéro de la fusion.' }),
  status: enumOf(MERGE_STATUSES, 'Statut de la fusion.'),
  reason: enumOf(['same_pivot', 'proximity', 'manual'], 'Motif : même SIRET/RNA, même lieu à moins de 100 m (nom et adresse proches), ou fusion manuelle.'),
  distance_m: Type.Union([Type.Number(), Type.Null()], { description: 'Distance entre les deux lieux, en mètres.' }),
  name_similarity: Type.Union([Type.Number(), Type.Null()], { description: 'Similarité des noms, de 0 à 1.' }),
  target: lieuRef('Le lieu conservé.'),
  merged: lieuRef('Le lieu fusionné dans le lieu conservé (GET /api/v1/lieux/{id} donne son merged_into).'),
  moved_records: Type.Array(Type.Object({ source: Type.String(), source_id: Type.String() }), { description: 'Enregistrements sources déplacés.' }),
  created_at: Type.String({ format: 'date-time' }),
  decided_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'Date de la confirmation ou de l’annulation.' }),
});

export const FusionsPage = Type.Object({
  data: Type.Array(Fusion),
  meta: Type.Object({ total: Type.Integer() }),
  links: Type.Object({ next: Type.Optional(Type.String()) }),
});
