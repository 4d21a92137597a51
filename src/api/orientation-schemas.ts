// Owns the JSON schemas of the orientation API (/api/v1/orientation): the query validated by
// Fastify and written into the OpenAPI document, and the answer.
import { Type } from '@sinclair/typebox';
import { MODALITES_ACCES, MODALITES_ACCOMPAGNEMENT, PRISES_EN_CHARGE, PUBLICS, SERVICES } from '../lieux/domain/enums.ts';
import { RADII_KM } from '../orientation/search/search.ts';
import { WEEKDAYS, DAY_PARTS } from '../orientation/open-during.ts';
import { Lieu, enumOf, listOf } from './schemas.ts';

const yesNo = (description: string) => Type.Union([Type.Literal('oui'), Type.Literal('non'), Type.Literal('true'), Type.Literal('false')], { description });

export const OrientationQuery = Type.Object({
  ou: Type.Optional(Type.String({ maxLength: 200, description: 'Où chercher : nom de commune (sans accents ni majuscules), code postal, « Échirolles (38130) », ou une adresse quand un géocodeur est configuré.' })),
  commune: Type.Optional(Type.String({ pattern: '^(\\d{5}|2[AB]\\d{3})$', description: 'Code INSEE de la commune (pour choisir entre communes homonymes).' })),
  lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90, description: 'Latitude (« autour de moi »), avec lon.' })),
  lon: Type.Optional(Type.Number({ minimum: -180, maximum: 180, description: 'Longitude (« autour de moi »), avec lat.' })),
  besoin: Type.Optional(Type.String({ maxLength: 300, description: 'Le besoin en texte libre (« faire ma déclaration d’impôts »), traduit en services.' })),
  services: Type.Optional(listOf(SERVICES.values, 'Service cherché.')),
  gratuit: Type.Optional(yesNo('Seulement les lieux gratuits (y compris gratuits sous condition).')),
  publics: Type.Optional(listOf(PUBLICS.values, 'Public spécifiquement adressé.')),
  prise_en_charge: Type.Optional(listOf(PRISES_EN_CHARGE.values, 'Prise en charge spécifique.')),
  modalites_accompagnement: Type.Optional(listOf(MODALITES_ACCOMPAGNEMENT.values, "Modalité d'accompagnement.")),
  modalites_acces: Type.Optional(listOf(MODALITES_ACCES.values, "Modalité d'accès.")),
  ouvert: Type.Optional(Type.Literal('maintenant', { description: 'Seulement les lieux ouverts maintenant.' })),
  jour: Type.Optional(enumOf(Object.keys(WEEKDAYS), 'Ouvert le prochain jour donné (Mo … Su).')),
  moment: Type.Optional(enumOf(Object.keys(DAY_PARTS), 'Moment de ce jour : matin (8 h–12 h), apres_midi (12 h–18 h), soir (18 h–22 h).')),
  itinerant: Type.Optional(yesNo('Seulement les services itinérants qui passent dans la commune.')),
  rayon: Type.Optional(Type.Union(RADII_KM.map((r) => Type.Literal(r)), { description: 'Distance maximale en km autour du point cherché (10 par défaut).' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 20, description: 'Nombre de lieux renvoyés.' })),
});

const Opening = Type.Object({
  state: enumOf(['open', 'closed', 'temporarily_closed', 'permanently_closed', 'unknown'], 'Ouvert, fermé, fermé temporairement, fermé définitivement, horaires inconnus.'),
  open_now: Type.Boolean(),
  opens_at: Type.Optional(Type.String({ format: 'date-time', description: 'Prochaine ouverture (dans les 62 jours).' })),
  closes_at: Type.Optional(Type.String({ format: 'date-time' })),
  comment: Type.Optional(Type.String()),
  phrase: Type.String({ description: 'En français : « Ouvert maintenant, jusqu’à 17 h », « Ouvre demain à 9 h ».' }),
});

export const OrientationResult = Type.Object({
  lieu: Lieu,
  distance_m: Type.Optional(Type.Integer({ description: 'Distance à vol d’oiseau depuis le point cherché, en mètres.' })),
  prochaine_ouverture: Opening,
  pourquoi: Type.Array(Type.String(), { description: 'Les critères que le lieu remplit, en français simple.' }),
  manque: Type.Array(Type.String(), { description: 'Pour les lieux proposés faute de mieux : les critères qu’il ne remplit pas.' }),
  passe_ici: Type.Boolean({ description: 'Service itinérant qui passe dans la commune cherchée.' }),
});

const NeedMatch = Type.Object({ value: Type.String(), score: Type.Number(), matched: Type.Array(Type.String()) });

export const OrientationAnswer = Type.Object({
  ou: Type.Object({
    label: Type.String(),
    from: enumOf(['commune', 'address', 'position'], 'Comment le point a été trouvé.'),
    point: Type.Optional(Type.Object({ latitude: Type.Number(), longitude: Type.Number() })),
    communes: Type.Array(Type.Object({ code: Type.String(), nom: Type.String() })),
  }),
  besoins: Type.Object({
    services: Type.Array(Type.String()),
    kinds: Type.Array(Type.String()),
    texte: Type.Object({ services: Type.Array(NeedMatch), kinds: Type.Array(NeedMatch) }, { description: 'Ce qui a été compris du texte libre, et les mots reconnus.' }),
    texte_non_compris: Type.Boolean(),
  }),
  rayon_km: Type.Number(),
  total: Type.Integer({ description: 'Nombre de lieux trouvés (data en contient au plus limit).' }),
  data: Type.Array(OrientationResult),
  propositions: Type.Optional(Type.Object({
    proches: Type.Array(OrientationResult, { description: 'Quand rien ne correspond : les lieux les plus proches qui remplissent le plus de critères.' }),
    itinerants: Type.Array(OrientationResult, { description: 'Les services itinérants qui passent dans la commune.' }),
  })),
});
