// Owns the JSON schemas of the API (TypeBox = JSON Schema). The same objects validate requests in
// Fastify and are written into the OpenAPI document, so the two cannot drift apart.
import { Type, type TSchema } from '@sinclair/typebox';
import { FILTERABLE } from '../lieux/domain/enums.ts';
import { IMPORT_FORMATS } from '../lieux/formats/registry.ts';

const enumOf = (values: readonly string[], description: string) => Type.Union(values.map((v) => Type.Literal(v)), { description });
const listOf = (values: readonly string[], description: string) =>
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
  meta: Type.Object({ total: Type.Integer() }),
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
  format: enumOf(['lieux-csv', 'lieux-json', 'geojson', 'data-inclusion'], "Format d'export."),
});

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
